// The lists of values in the conditions of SLA policies and routing rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config_errors.h"
#include "config_node.h"
#include "field_reader.h"
#include "rexian/config.h"

namespace rexian::config_internal {

// The items of the optional list under `key`. Absent: no items. Present, it
// must be a non-empty sequence ("expected at least one <item>, got an empty
// list"): an empty list would read as "anything", which an absent key says.
std::vector<ConfigNode> ReadConditionList(FieldReader* reader, std::string_view key,
                                          std::string_view item, ConfigErrors* errors);

// Each Read*Codes reads items naming taxonomy or organisation entries and
// returns their codes, reporting unknown and repeated entries. A null
// `taxonomy` / `organisation` (that section was broken) skips the
// reference checks and returns the text as written.

// Types by key ("complaint") or code ("03").
std::vector<std::string> ReadTypeCodes(const std::vector<ConfigNode>& items,
                                       const Taxonomy* taxonomy, ConfigErrors* errors);
// Domains by key ("education_culture_tourism") or code ("09").
std::vector<std::string> ReadDomainCodes(const std::vector<ConfigNode>& items,
                                         const Taxonomy* taxonomy, ConfigErrors* errors);
// Sub-categories by code ("0901").
std::vector<std::string> ReadSubCategoryCodes(const std::vector<ConfigNode>& items,
                                              const Taxonomy* taxonomy, ConfigErrors* errors);
// Platforms by code ("320302").
std::vector<std::string> ReadPlatformCodes(const std::vector<ConfigNode>& items,
                                           const Organisation* organisation, ConfigErrors* errors);
// Non-empty words, no repeats.
std::vector<std::string> ReadWords(const std::vector<ConfigNode>& items, ConfigErrors* errors);

}  // namespace rexian::config_internal
