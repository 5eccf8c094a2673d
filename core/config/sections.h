// The parsers of the top-level configuration sections, one per file.
#pragma once

#include <string>
#include <vector>

#include "config_errors.h"
#include "config_node.h"
#include "rexian/config.h"

namespace rexian::config_internal {

// Each parser reads the parts of one section (see ConfigDocument::Parts),
// reports every problem to `errors` and fills its outputs with what it could
// read. The outputs are meaningful only when no error was reported.
// A kSingle section has at most one part; an absent section keeps defaults.

void ParseServerSection(const std::vector<ConfigNode>& parts, ConfigErrors* errors,
                        ServerConfig* out);

void ParseFeedSection(const std::vector<ConfigNode>& parts, ConfigErrors* errors,
                      FeedConfig* out);

void ParseStoreSection(const std::vector<ConfigNode>& parts, ConfigErrors* errors,
                       StoreConfig* out);

// Required. Checks codes, levels, parents and department references.
void ParseOrganisationSection(const std::vector<ConfigNode>& parts, ConfigErrors* errors,
                              std::vector<Platform>* platforms,
                              std::vector<Department>* departments);

// Required. Checks codes, keys and the domain prefix of sub-category codes.
void ParseTaxonomySection(const std::vector<ConfigNode>& parts, ConfigErrors* errors,
                          std::vector<TaxonomyType>* types, std::vector<Domain>* domains);

// Required, a list of yearly calendars (usually one file per year).
void ParseCalendarsSection(const std::vector<ConfigNode>& parts, ConfigErrors* errors,
                           std::string* timezone, std::vector<HolidayCalendar>* calendars);

// Optional, a list of users. `organisation` resolves platform and department
// references; when `check_references` is false (the organisation itself was
// broken) references are not checked, to avoid a cascade of errors.
void ParseUsersSection(const std::vector<ConfigNode>& parts, const Organisation& organisation,
                       bool check_references, ConfigErrors* errors, std::vector<User>* users);

// Optional. Sets out->utc_offset from `timezone` (the calendars'; empty when
// they were broken) and reads the policies. Taxonomy references and the
// checks across policies are skipped when `taxonomy_ok` is false.
void ParseSlaSection(const std::vector<ConfigNode>& parts, const Taxonomy& taxonomy,
                     bool taxonomy_ok, const std::string& timezone, ConfigErrors* errors,
                     SlaConfig* out);

// Optional. Organisation and taxonomy references are checked only when the
// section they point into was read without errors.
void ParseRoutingSection(const std::vector<ConfigNode>& parts, const Organisation& organisation,
                         bool organisation_ok, const Taxonomy& taxonomy, bool taxonomy_ok,
                         ConfigErrors* errors, RoutingConfig* out);

// Optional, a list of channel plugin instances. Checks that names and
// channels are unique and that each kind has its own keys (shared: path;
// exec: command); converts each `config:` mapping to a JSON object.
void ParsePluginsSection(const std::vector<ConfigNode>& parts, ConfigErrors* errors,
                         std::vector<PluginConfig>* plugins);

// The items of a kList section across all its parts, indexed globally
// ("calendars[0]", "calendars[1]", ... even when split over files).
std::vector<ConfigNode> ListSectionItems(const std::vector<ConfigNode>& parts,
                                         ConfigErrors* errors);

}  // namespace rexian::config_internal
