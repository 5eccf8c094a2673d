// Reading the taxonomy and organisation sections.
#include "web/service_catalogue.h"

#include <boost/json.hpp>

namespace rexian::web {
namespace {

namespace json = boost::json;

std::string StringMember(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// name_<language>, else the other language's name, else "name".
std::string NameIn(const json::object& o, std::string_view language) {
  std::string name = StringMember(o, std::string("name_") + std::string(language));
  if (name.empty()) name = StringMember(o, language == "en" ? "name_zh" : "name_en");
  if (name.empty()) name = StringMember(o, "name");
  return name;
}

const json::array* ArrayMember(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? &v->as_array() : nullptr;
}

Expected<json::object> ParseObject(std::string_view text, const char* section) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Failure{std::string(section) + " section: expected a JSON object"};
  return std::move(v.as_object());
}

}  // namespace

Expected<ServiceCatalogue> ServiceCatalogue::FromHostSections(std::string_view taxonomy_json,
                                                              std::string_view organisation_json,
                                                              std::string_view language) {
  auto taxonomy = ParseObject(taxonomy_json, "taxonomy");
  if (!taxonomy.ok()) return Failure{taxonomy.error()};
  auto organisation = ParseObject(organisation_json, "organisation");
  if (!organisation.ok()) return Failure{organisation.error()};

  ServiceCatalogue catalogue;
  const json::array* domains = ArrayMember(*taxonomy, "domains");
  if (domains == nullptr) return Failure{"taxonomy section: expected a list `domains`"};
  for (std::size_t d = 0; d < domains->size(); ++d) {
    const std::string where = "taxonomy.domains[" + std::to_string(d) + "]";
    if (!(*domains)[d].is_object()) return Failure{where + ": expected an object"};
    const json::object& domain = (*domains)[d].as_object();
    const std::string group = NameIn(domain, language);
    const json::array* subs = ArrayMember(domain, "subcategories");
    if (subs == nullptr) continue;  // a domain without sub-categories offers no service
    for (std::size_t s = 0; s < subs->size(); ++s) {
      const std::string sub_where = where + ".subcategories[" + std::to_string(s) + "]";
      if (!(*subs)[s].is_object()) return Failure{sub_where + ": expected an object"};
      const json::object& sub = (*subs)[s].as_object();
      Service service;
      service.service_code = StringMember(sub, "code");
      service.service_name = NameIn(sub, language);
      if (service.service_code.empty() || service.service_name.empty()) {
        return Failure{sub_where + ": expected a code and a name"};
      }
      service.group = group;
      service.description = group + " / " + service.service_name;
      if (const json::array* keywords = ArrayMember(sub, "keywords")) {
        for (const json::value& k : *keywords) {
          if (k.is_string()) service.keywords.emplace_back(k.as_string());
        }
      }
      if (catalogue.service_index_.contains(service.service_code)) {
        return Failure{sub_where + ": code '" + service.service_code + "' is listed twice"};
      }
      catalogue.service_index_[service.service_code] = catalogue.services_.size();
      catalogue.services_.push_back(std::move(service));
    }
  }
  if (const json::array* departments = ArrayMember(*organisation, "departments")) {
    for (const json::value& v : *departments) {
      if (!v.is_object()) continue;
      std::string code = StringMember(v.as_object(), "code");
      if (!code.empty()) catalogue.department_names_[code] = NameIn(v.as_object(), language);
    }
  }
  return catalogue;
}

const Service* ServiceCatalogue::Find(std::string_view service_code) const {
  auto it = service_index_.find(service_code);
  return it == service_index_.end() ? nullptr : &services_[it->second];
}

const std::string* ServiceCatalogue::DepartmentName(std::string_view code) const {
  auto it = department_names_.find(code);
  return it == department_names_.end() ? nullptr : &it->second;
}

}  // namespace rexian::web
