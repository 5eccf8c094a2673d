// ServiceCatalogue: the Open311 services (one per taxonomy sub-category) and
// the department names, read once from the host's configuration sections.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "web/expected.h"
#include "web/open311_model.h"

namespace rexian::web {

// Immutable after construction; thread-safe to read.
class ServiceCatalogue {
 public:
  ServiceCatalogue() = default;

  // Builds the catalogue from the JSON of the host's "taxonomy" section
  // ({"domains": [{"code", "name_zh", "name_en", "subcategories": [{"code",
  // "name_zh", "name_en", "keywords"}]}]}) and "organisation" section
  // ({"departments": [{"code", "name_zh", "name_en"}]}), with names in
  // `language` ("zh" or "en"; a missing name falls back to the other).
  // Fails naming the member that is malformed.
  static Expected<ServiceCatalogue> FromHostSections(std::string_view taxonomy_json,
                                                     std::string_view organisation_json,
                                                     std::string_view language);

  // In taxonomy order: domains as configured, their sub-categories within.
  const std::vector<Service>& services() const { return services_; }

  // nullptr when no service has `code`.
  const Service* Find(std::string_view service_code) const;

  // The department's name, or nullptr when `code` is unknown.
  const std::string* DepartmentName(std::string_view code) const;

 private:
  std::vector<Service> services_;
  std::map<std::string, std::size_t, std::less<>> service_index_;
  std::map<std::string, std::string, std::less<>> department_names_;
};

}  // namespace rexian::web
