// The `taxonomy` section: request types, domains and their sub-categories.
#include <algorithm>

#include "code_registry.h"
#include "field_reader.h"
#include "sections.h"

namespace rexian::config_internal {

namespace {

// `keywords`: required and non-empty for a sub-category, optional for a type.
std::vector<std::string> ReadKeywords(FieldReader* reader, ConfigErrors* errors,
                                      Presence presence = Presence::kRequired) {
  std::vector<std::string> keywords;
  const std::vector<ConfigNode> items = presence == Presence::kRequired
                                            ? reader->ReadNonEmptySequence("keywords", "keyword")
                                            : reader->ReadSequence("keywords", presence);
  for (const ConfigNode& item : items) {
    std::string keyword;
    if (!ReadText(item, kAnyText, errors, &keyword)) continue;
    if (std::find(keywords.begin(), keywords.end(), keyword) != keywords.end()) {
      errors->Add(item, "duplicate keyword \"" + keyword + "\"");
      continue;
    }
    keywords.push_back(std::move(keyword));
  }
  return keywords;
}

void ReadTypes(const std::vector<ConfigNode>& items, ConfigErrors* errors,
               std::vector<TaxonomyType>* types) {
  CodeRegistry codes("type code");
  CodeRegistry keys("type key");
  for (const ConfigNode& item : items) {
    FieldReader reader(item, {"code", "key", "name_zh", "name_en", "keywords"}, errors);
    TaxonomyType type;
    if (reader.ReadText("code", Presence::kRequired, kTwoDigits, &type.code)) {
      codes.Register(type.code, *reader.Child("code", Presence::kRequired), errors);
    }
    if (reader.ReadText("key", Presence::kRequired, kName, &type.key)) {
      keys.Register(type.key, *reader.Child("key", Presence::kRequired), errors);
    }
    reader.ReadText("name_zh", Presence::kRequired, kAnyText, &type.name_zh);
    reader.ReadText("name_en", Presence::kRequired, kAnyText, &type.name_en);
    type.keywords = ReadKeywords(&reader, errors, Presence::kOptional);
    types->push_back(std::move(type));
  }
}

void ReadSubCategories(const std::vector<ConfigNode>& items, const std::string& domain_code,
                       CodeRegistry* codes, ConfigErrors* errors, Domain* domain) {
  for (const ConfigNode& item : items) {
    FieldReader reader(item, {"code", "name_zh", "name_en", "keywords"}, errors);
    SubCategory sub;
    sub.domain_code = domain_code;
    if (reader.ReadText("code", Presence::kRequired, kFourDigits, &sub.code)) {
      const ConfigNode at = *reader.Child("code", Presence::kRequired);
      if (codes->Register(sub.code, at, errors) && !domain_code.empty() &&
          sub.code.compare(0, 2, domain_code) != 0) {
        errors->Add(at, "expected a code starting with its domain's code \"" + domain_code +
                            "\", got \"" + sub.code + "\"");
      }
    }
    reader.ReadText("name_zh", Presence::kRequired, kAnyText, &sub.name_zh);
    reader.ReadText("name_en", Presence::kRequired, kAnyText, &sub.name_en);
    sub.keywords = ReadKeywords(&reader, errors);
    domain->subcategories.push_back(std::move(sub));
  }
}

void ReadDomains(const std::vector<ConfigNode>& items, ConfigErrors* errors,
                 std::vector<Domain>* domains) {
  CodeRegistry codes("domain code");
  CodeRegistry keys("domain key");
  CodeRegistry subcategory_codes("sub-category code");
  for (const ConfigNode& item : items) {
    FieldReader reader(item, {"code", "key", "name_zh", "name_en", "subcategories"}, errors);
    Domain domain;
    if (reader.ReadText("code", Presence::kRequired, kTwoDigits, &domain.code)) {
      codes.Register(domain.code, *reader.Child("code", Presence::kRequired), errors);
    }
    if (reader.ReadText("key", Presence::kRequired, kName, &domain.key)) {
      keys.Register(domain.key, *reader.Child("key", Presence::kRequired), errors);
    }
    reader.ReadText("name_zh", Presence::kRequired, kAnyText, &domain.name_zh);
    reader.ReadText("name_en", Presence::kRequired, kAnyText, &domain.name_en);
    ReadSubCategories(reader.ReadNonEmptySequence("subcategories", "sub-category"), domain.code,
                      &subcategory_codes, errors, &domain);
    domains->push_back(std::move(domain));
  }
}

}  // namespace

void ParseTaxonomySection(const std::vector<ConfigNode>& parts, ConfigErrors* errors,
                          std::vector<TaxonomyType>* types, std::vector<Domain>* domains) {
  if (parts.empty()) return;  // LoadConfig reports the missing section
  FieldReader taxonomy(parts.front(), {"types", "domains"}, errors);
  ReadTypes(taxonomy.ReadNonEmptySequence("types", "type"), errors, types);
  ReadDomains(taxonomy.ReadNonEmptySequence("domains", "domain"), errors, domains);
}

}  // namespace rexian::config_internal
