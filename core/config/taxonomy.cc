// Taxonomy: type, domain and sub-category lookups.
#include "rexian/config.h"

namespace rexian {

Taxonomy::Taxonomy(std::vector<TaxonomyType> types, std::vector<Domain> domains)
    : types_(std::move(types)), domains_(std::move(domains)) {
  for (std::size_t d = 0; d < domains_.size(); ++d) {
    for (std::size_t s = 0; s < domains_[d].subcategories.size(); ++s) {
      subcategory_index_.emplace(domains_[d].subcategories[s].code, std::make_pair(d, s));
    }
  }
}

// Types and domains are few (a dozen); a scan is as fast as an index.
const TaxonomyType* Taxonomy::FindType(std::string_view code) const {
  for (const TaxonomyType& type : types_) {
    if (type.code == code) return &type;
  }
  return nullptr;
}

const TaxonomyType* Taxonomy::FindTypeByKey(std::string_view key) const {
  for (const TaxonomyType& type : types_) {
    if (type.key == key) return &type;
  }
  return nullptr;
}

const Domain* Taxonomy::FindDomain(std::string_view code) const {
  for (const Domain& domain : domains_) {
    if (domain.code == code) return &domain;
  }
  return nullptr;
}

const Domain* Taxonomy::FindDomainByKey(std::string_view key) const {
  for (const Domain& domain : domains_) {
    if (domain.key == key) return &domain;
  }
  return nullptr;
}

const SubCategory* Taxonomy::FindSubCategory(std::string_view code) const {
  const auto it = subcategory_index_.find(code);
  if (it == subcategory_index_.end()) return nullptr;
  return &domains_[it->second.first].subcategories[it->second.second];
}

}  // namespace rexian
