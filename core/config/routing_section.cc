// The `routing` section: rules from sub-category, place and words to lead and assisting
// departments.
#include <algorithm>

#include "code_registry.h"
#include "condition_lists.h"
#include "field_reader.h"
#include "sections.h"

namespace rexian::config_internal {

namespace {

// A kind ("tourism") or a department code ("3203-026"). With `organisation`
// null (it was broken) only the form is checked.
bool ReadDepartmentRef(const ConfigNode& value, const Organisation* organisation,
                       ConfigErrors* errors, DepartmentRef* out) {
  std::string text;
  if (!ReadText(value, kAnyText, errors, &text)) return false;
  if (kDepartmentCode.accepts(text)) {
    if (organisation != nullptr && organisation->FindDepartment(text) == nullptr) {
      errors->Add(value, "expected the code of a department in organisation.departments, got \"" +
                             text + "\"");
      return false;
    }
    *out = {"", text};
    return true;
  }
  if (!kName.accepts(text)) {
    errors->Add(value,
                "expected a department kind ([a-z][a-z0-9_]*) or a department code (e.g. "
                "\"3203-019\"), got \"" +
                    text + "\"");
    return false;
  }
  if (organisation != nullptr) {
    const std::string& city = organisation->city().code;
    if (organisation->FindDepartmentByKind(city, text) == nullptr) {
      std::vector<std::string_view> kinds;
      for (const Department* department : organisation->DepartmentsOf(city)) {
        kinds.push_back(department->kind);
      }
      std::string message = "expected a department kind that exists on the city platform \"" +
                            city + "\", got \"" + text + "\"";
      const std::string suggestion = ClosestName(text, kinds);
      if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
      errors->Add(value, message);
      return false;
    }
  }
  *out = {text, ""};
  return true;
}

bool SameRef(const DepartmentRef& a, const DepartmentRef& b) {
  return a.kind == b.kind && a.code == b.code;
}

std::string RefText(const DepartmentRef& ref) { return ref.kind.empty() ? ref.code : ref.kind; }

RoutingMatch ReadMatch(const ConfigNode& node, const Organisation* organisation,
                       const Taxonomy* taxonomy, ConfigErrors* errors) {
  FieldReader reader(node, {"subcategories", "platforms", "types", "keywords", "during_holiday"},
                     errors);
  RoutingMatch match;
  match.subcategory_codes = ReadSubCategoryCodes(
      ReadConditionList(&reader, "subcategories", "sub-category", errors), taxonomy, errors);
  match.platform_codes = ReadPlatformCodes(
      ReadConditionList(&reader, "platforms", "platform", errors), organisation, errors);
  match.type_codes =
      ReadTypeCodes(ReadConditionList(&reader, "types", "type", errors), taxonomy, errors);
  match.keywords = ReadWords(ReadConditionList(&reader, "keywords", "keyword", errors), errors);
  bool during_holiday = false;
  if (reader.ReadBool("during_holiday", Presence::kOptional, &during_holiday)) {
    match.during_holiday = during_holiday;
  }
  return match;
}

std::vector<DepartmentRef> ReadAssisting(FieldReader* reader, const DepartmentRef& lead,
                                         const Organisation* organisation, ConfigErrors* errors) {
  std::vector<DepartmentRef> assisting;
  for (const ConfigNode& item : ReadConditionList(reader, "assisting", "department", errors)) {
    DepartmentRef ref;
    if (!ReadDepartmentRef(item, organisation, errors, &ref)) continue;
    if (SameRef(ref, lead)) {
      errors->Add(item, "expected departments other than the lead, got \"" + RefText(ref) + "\"");
      continue;
    }
    if (std::any_of(assisting.begin(), assisting.end(),
                    [&](const DepartmentRef& other) { return SameRef(other, ref); })) {
      errors->Add(item, "duplicate \"" + RefText(ref) + "\"");
      continue;
    }
    assisting.push_back(std::move(ref));
  }
  return assisting;
}

struct RuleSite {
  RoutingRule rule;
  ConfigNode at;
};

RoutingRule ReadRule(const ConfigNode& item, const Organisation* organisation,
                     const Taxonomy* taxonomy, CodeRegistry* ids, ConfigErrors* errors) {
  FieldReader reader(item, {"id", "match", "lead", "assisting"}, errors);
  RoutingRule rule;
  if (!reader.is_mapping()) return rule;
  if (reader.ReadText("id", Presence::kRequired, kName, &rule.id)) {
    ids->Register(rule.id, *reader.Child("id", Presence::kRequired), errors);
  }
  if (auto match = reader.Child("match", Presence::kOptional)) {
    rule.match = ReadMatch(*match, organisation, taxonomy, errors);
  }
  if (auto lead = reader.Child("lead", Presence::kRequired)) {
    ReadDepartmentRef(*lead, organisation, errors, &rule.lead);
  }
  rule.assisting = ReadAssisting(&reader, rule.lead, organisation, errors);
  return rule;
}

// `wide` is empty (no condition) or holds every value of `narrow`.
bool ListCovers(const std::vector<std::string>& wide, const std::vector<std::string>& narrow) {
  if (wide.empty()) return true;
  if (narrow.empty()) return false;
  return std::all_of(narrow.begin(), narrow.end(), [&](const std::string& value) {
    return std::find(wide.begin(), wide.end(), value) != wide.end();
  });
}

// Every text containing one of `narrow` contains one of `wide`: each narrow
// keyword contains a wide one (Route matches keywords as substrings).
bool KeywordsCover(const std::vector<std::string>& wide, const std::vector<std::string>& narrow) {
  if (wide.empty()) return true;
  if (narrow.empty()) return false;
  return std::all_of(narrow.begin(), narrow.end(), [&](const std::string& long_word) {
    return std::any_of(wide.begin(), wide.end(), [&](const std::string& short_word) {
      return long_word.find(short_word) != std::string::npos;
    });
  });
}

// Whether `wide` matches every request `narrow` matches.
bool Covers(const RoutingMatch& wide, const RoutingMatch& narrow) {
  const bool holiday_covered =
      !wide.during_holiday ||
      (narrow.during_holiday && *narrow.during_holiday == *wide.during_holiday);
  return ListCovers(wide.subcategory_codes, narrow.subcategory_codes) &&
         ListCovers(wide.platform_codes, narrow.platform_codes) &&
         ListCovers(wide.type_codes, narrow.type_codes) &&
         KeywordsCover(wide.keywords, narrow.keywords) && holiday_covered;
}

// First match wins, so a rule behind a more general one would never apply.
void CheckReachable(const std::vector<RuleSite>& sites, ConfigErrors* errors) {
  for (std::size_t later = 1; later < sites.size(); ++later) {
    for (std::size_t earlier = 0; earlier < later; ++earlier) {
      if (!Covers(sites[earlier].rule.match, sites[later].rule.match)) continue;
      errors->Add(sites[later].at, "unreachable: rule \"" + sites[earlier].rule.id + "\" (at " +
                                       sites[earlier].at.where() +
                                       ") comes first and matches every request this rule "
                                       "matches; put the more specific rule first");
      break;
    }
  }
}

}  // namespace

void ParseRoutingSection(const std::vector<ConfigNode>& parts, const Organisation& organisation,
                         bool organisation_ok, const Taxonomy& taxonomy, bool taxonomy_ok,
                         ConfigErrors* errors, RoutingConfig* out) {
  if (parts.empty()) return;  // optional: no rules, requests cannot be routed
  FieldReader routing(parts.front(), {"rules"}, errors);
  if (!routing.is_mapping()) return;
  const std::size_t errors_before = errors->count();
  // An absent required section leaves an empty one behind, already reported.
  const Organisation* organisation_refs =
      organisation_ok && !organisation.platforms().empty() ? &organisation : nullptr;
  const Taxonomy* taxonomy_refs = taxonomy_ok && !taxonomy.types().empty() ? &taxonomy : nullptr;
  CodeRegistry ids("rule id");
  std::vector<RuleSite> sites;
  for (const ConfigNode& item : routing.ReadNonEmptySequence("rules", "rule")) {
    sites.push_back({ReadRule(item, organisation_refs, taxonomy_refs, &ids, errors), item});
  }
  // The checks across rules need every rule read correctly.
  if (errors->count() == errors_before && !sites.empty()) {
    if (!sites.back().rule.match.MatchesEverything()) {
      errors->Add(sites.back().at,
                  "expected the last rule to be a default rule without match, so that every "
                  "request is routed");
    }
    CheckReachable(sites, errors);
  }
  for (RuleSite& site : sites) out->rules.push_back(std::move(site.rule));
}

}  // namespace rexian::config_internal
