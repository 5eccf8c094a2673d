// The `sla` section: deadline policies by type, domain, sub-category, urgency and holiday.
#include <algorithm>
#include <charconv>

#include "code_registry.h"
#include "condition_lists.h"
#include "field_reader.h"
#include "sections.h"

namespace rexian::config_internal {

namespace {

constexpr Choice<Urgency> kUrgencies[] = {{"normal", Urgency::kNormal},
                                          {"urgent", Urgency::kUrgent}};

constexpr Choice<YearsWithoutCalendar> kYearsWithoutCalendar[] = {
    {"refuse", YearsWithoutCalendar::kRefuse},
    {"monday_to_friday", YearsWithoutCalendar::kMondayToFriday}};

constexpr std::string_view kLimitKeys[] = {"working_days", "same_day", "hours"};

// "+08:00" / "-03:30", from -12:00 to +14:00 (the offsets in use on Earth).
bool ParseUtcOffset(std::string_view text, std::chrono::minutes* out) {
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return false;
  int hours = 0, minutes = 0;
  for (std::size_t i : {1u, 2u, 4u, 5u}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  std::from_chars(text.data() + 1, text.data() + 3, hours);
  std::from_chars(text.data() + 4, text.data() + 6, minutes);
  if (minutes > 59) return false;
  const int total = (text[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
  if (total < -12 * 60 || total > 14 * 60) return false;
  *out = std::chrono::minutes(total);
  return true;
}

// "21:00": 00:00 to 23:59.
bool ParseTimeOfDay(std::string_view text, std::chrono::minutes* out) {
  if (text.size() != 5 || text[2] != ':') return false;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return false;
  *out = std::chrono::minutes(hours * 60 + minutes);
  return true;
}

void ReadUtcOffset(FieldReader* sla, const std::string& timezone, ConfigErrors* errors,
                   SlaConfig* out) {
  auto value = sla->Child("utc_offset", Presence::kOptional);
  if (!value) {
    if (!timezone.empty() && !out->utc_offset) {
      errors->Add(sla->node(), "missing required key \"utc_offset\": the calendars' time zone \"" +
                                   timezone +
                                   "\" is not in rexian's table of fixed-offset zones "
                                   "(docs/configuration.md)");
    }
    return;
  }
  std::string text;
  if (!ReadText(*value, kAnyText, errors, &text)) return;
  std::chrono::minutes offset{0};
  if (!ParseUtcOffset(text, &offset)) {
    errors->Add(*value,
                "expected a UTC offset written +HH:MM or -HH:MM, from -12:00 to +14:00 (e.g. "
                "\"+08:00\"), got \"" +
                    text + "\"");
    return;
  }
  if (out->utc_offset && *out->utc_offset != offset) {
    errors->Add(*value, "expected " + FormatUtcOffset(*out->utc_offset) +
                            ", the fixed offset of the calendars' time zone \"" + timezone +
                            "\" (or no utc_offset), got \"" + text + "\"");
    return;
  }
  out->utc_offset = offset;
}

// Every sub-category must belong to one of the listed domains, or the
// policy could never apply.
void CheckSubCategoriesInDomains(const SlaMatch& match, const Taxonomy& taxonomy,
                                 const ConfigNode& list, ConfigErrors* errors) {
  if (match.domain_codes.empty()) return;
  std::string domain_keys;
  for (const std::string& code : match.domain_codes) {
    if (!domain_keys.empty()) domain_keys += ", ";
    domain_keys += taxonomy.FindDomain(code)->key;
  }
  for (const std::string& code : match.subcategory_codes) {
    const SubCategory* sub = taxonomy.FindSubCategory(code);
    if (std::find(match.domain_codes.begin(), match.domain_codes.end(), sub->domain_code) ==
        match.domain_codes.end()) {
      errors->Add(list, "expected sub-categories of the listed domains (" + domain_keys +
                            "), got \"" + code + "\" (of " +
                            taxonomy.FindDomain(sub->domain_code)->key + ")");
    }
  }
}

SlaMatch ReadMatch(const ConfigNode& node, const Taxonomy* taxonomy, ConfigErrors* errors) {
  FieldReader reader(node, {"types", "domains", "subcategories", "urgency", "during_holiday"},
                     errors);
  SlaMatch match;
  const std::size_t errors_before = errors->count();
  match.type_codes =
      ReadTypeCodes(ReadConditionList(&reader, "types", "type", errors), taxonomy, errors);
  match.domain_codes =
      ReadDomainCodes(ReadConditionList(&reader, "domains", "domain", errors), taxonomy, errors);
  match.subcategory_codes = ReadSubCategoryCodes(
      ReadConditionList(&reader, "subcategories", "sub-category", errors), taxonomy, errors);
  Urgency urgency = Urgency::kNormal;
  if (reader.ReadChoice<Urgency>("urgency", Presence::kOptional, kUrgencies, &urgency)) {
    match.urgency = urgency;
  }
  bool during_holiday = false;
  if (reader.ReadBool("during_holiday", Presence::kOptional, &during_holiday)) {
    match.during_holiday = during_holiday;
  }
  if (taxonomy != nullptr && errors->count() == errors_before) {
    if (auto list = reader.Child("subcategories", Presence::kOptional)) {
      CheckSubCategoriesInDomains(match, *taxonomy, *list, errors);
    }
  }
  return match;
}

// Exactly one of working_days, same_day, hours.
void ReadResolveLimit(FieldReader* reader, const ConfigNode& item, ConfigErrors* errors,
                      ResolveLimit* out) {
  std::vector<std::string_view> present;
  for (std::string_view key : kLimitKeys) {
    if (reader->Child(key, Presence::kOptional)) present.push_back(key);
  }
  if (present.size() != 1) {
    std::string got = present.empty() ? "none" : "";
    for (std::size_t i = 0; i < present.size(); ++i) {
      if (i > 0) got += i + 1 == present.size() ? " and " : ", ";
      got += present[i];
    }
    errors->Add(item,
                "expected exactly one resolve limit (working_days, same_day or hours), got " + got);
    return;
  }
  std::int64_t amount = 0;
  if (present.front() == "working_days") {
    if (reader->ReadInteger("working_days", Presence::kRequired, 0, 120, &amount)) {
      *out = {ResolveLimitKind::kWorkingDays, static_cast<int>(amount)};
    }
  } else if (present.front() == "hours") {
    if (reader->ReadInteger("hours", Presence::kRequired, 1, 720, &amount)) {
      *out = {ResolveLimitKind::kHours, static_cast<int>(amount)};
    }
  } else {
    bool same_day = false;
    if (!reader->ReadBool("same_day", Presence::kRequired, &same_day)) return;
    if (!same_day) {
      errors->Add(*reader->Child("same_day", Presence::kRequired),
                  "expected true (for a limit in days or hours use working_days or hours "
                  "instead), got \"false\"");
      return;
    }
    *out = {ResolveLimitKind::kSameDay, 0};
  }
}

struct PolicySite {
  SlaPolicy policy;
  ConfigNode at;
};

SlaPolicy ReadPolicy(const ConfigNode& item, const Taxonomy* taxonomy, CodeRegistry* ids,
                     ConfigErrors* errors) {
  FieldReader reader(item,
                     {"id", "match", "working_days", "same_day", "hours",
                      "acknowledge_within_hours", "dispatch_within_minutes", "next_day_after"},
                     errors);
  SlaPolicy policy;
  if (!reader.is_mapping()) return policy;
  if (reader.ReadText("id", Presence::kRequired, kName, &policy.id)) {
    ids->Register(policy.id, *reader.Child("id", Presence::kRequired), errors);
  }
  if (auto match = reader.Child("match", Presence::kOptional)) {
    policy.match = ReadMatch(*match, taxonomy, errors);
  }
  ReadResolveLimit(&reader, item, errors, &policy.resolve);
  std::int64_t number = 0;
  if (reader.ReadInteger("acknowledge_within_hours", Presence::kOptional, 1, 720, &number)) {
    policy.acknowledge_within_hours = static_cast<int>(number);
  }
  if (reader.ReadInteger("dispatch_within_minutes", Presence::kOptional, 1, 1440, &number)) {
    policy.dispatch_within_minutes = static_cast<int>(number);
  }
  if (auto cutoff = reader.Child("next_day_after", Presence::kOptional)) {
    std::string text;
    std::chrono::minutes time_of_day{0};
    if (!ReadText(*cutoff, kAnyText, errors, &text)) return policy;
    if (!ParseTimeOfDay(text, &time_of_day)) {
      errors->Add(*cutoff, "expected a local time of day written HH:MM (e.g. \"21:00\"), got \"" +
                               text + "\"");
    } else if (reader.Child("same_day", Presence::kOptional) == std::nullopt) {
      errors->Add(*cutoff,
                  "expected only next to same_day: true (the other limits already end "
                  "after the day of dispatch)");
    } else {
      policy.next_day_after = time_of_day;
    }
  }
  return policy;
}

bool Overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return true;
  return std::any_of(a.begin(), a.end(), [&](const std::string& x) {
    return std::find(b.begin(), b.end(), x) != b.end();
  });
}

template <typename T>
bool Overlap(const std::optional<T>& a, const std::optional<T>& b) {
  return !a || !b || *a == *b;
}

// Whether some request meets both matches. Exact for matches whose
// sub-categories lie inside their own domains (checked before).
bool ApplyToACommonRequest(const SlaMatch& a, const SlaMatch& b) {
  return Overlap(a.type_codes, b.type_codes) && Overlap(a.domain_codes, b.domain_codes) &&
         Overlap(a.subcategory_codes, b.subcategory_codes) && Overlap(a.urgency, b.urgency) &&
         Overlap(a.during_holiday, b.during_holiday);
}

// Two matching policies of equal specificity would leave the choice to file order.
void CheckNoAmbiguity(const std::vector<PolicySite>& sites, ConfigErrors* errors) {
  for (std::size_t later = 1; later < sites.size(); ++later) {
    for (std::size_t earlier = 0; earlier < later; ++earlier) {
      const SlaMatch& a = sites[earlier].policy.match;
      const SlaMatch& b = sites[later].policy.match;
      if (a.Specificity() != b.Specificity() || !ApplyToACommonRequest(a, b)) continue;
      errors->Add(sites[later].at, "ambiguous with policy \"" + sites[earlier].policy.id +
                                       "\" (at " + sites[earlier].at.where() +
                                       "): both apply to some of the same requests with equally "
                                       "specific conditions; narrow one of them");
      break;
    }
  }
}

// Every request gets a policy: for each type, one whose only condition (if
// any) is that type.
void CheckEveryTypeCovered(const ConfigNode& list, const std::vector<PolicySite>& sites,
                           const Taxonomy& taxonomy, ConfigErrors* errors) {
  for (const TaxonomyType& type : taxonomy.types()) {
    const bool covered = std::any_of(sites.begin(), sites.end(), [&](const PolicySite& site) {
      const SlaMatch& match = site.policy.match;
      return match.Specificity() <= 1 &&
             (match.type_codes.empty() ||
              std::find(match.type_codes.begin(), match.type_codes.end(), type.code) !=
                  match.type_codes.end());
    });
    if (!covered) {
      errors->Add(list, "no policy applies to every request of type \"" + type.key + "\" (" +
                            type.code + "): add one whose match is {types: [" + type.key +
                            "]}, or one without match");
    }
  }
}

}  // namespace

void ParseSlaSection(const std::vector<ConfigNode>& parts, const Taxonomy& taxonomy,
                     bool taxonomy_ok, const std::string& timezone, ConfigErrors* errors,
                     SlaConfig* out) {
  if (!timezone.empty()) out->utc_offset = FixedUtcOffset(timezone);
  if (parts.empty()) return;  // optional: no policies, deadlines cannot be computed
  FieldReader sla(parts.front(), {"utc_offset", "years_without_calendar", "policies"}, errors);
  if (!sla.is_mapping()) return;
  const std::size_t errors_before = errors->count();
  ReadUtcOffset(&sla, timezone, errors, out);
  sla.ReadChoice<YearsWithoutCalendar>("years_without_calendar", Presence::kOptional,
                                       kYearsWithoutCalendar, &out->years_without_calendar);

  // An absent taxonomy section leaves an empty one behind, already reported.
  const Taxonomy* references = taxonomy_ok && !taxonomy.types().empty() ? &taxonomy : nullptr;
  CodeRegistry ids("policy id");
  std::vector<PolicySite> sites;
  for (const ConfigNode& item : sla.ReadNonEmptySequence("policies", "policy")) {
    sites.push_back({ReadPolicy(item, references, &ids, errors), item});
  }
  // The checks across policies need every policy read correctly.
  if (errors->count() == errors_before && references != nullptr) {
    CheckNoAmbiguity(sites, errors);
    CheckEveryTypeCovered(*sla.Child("policies", Presence::kRequired), sites, taxonomy, errors);
  }
  for (PolicySite& site : sites) out->policies.push_back(std::move(site.policy));
}

}  // namespace rexian::config_internal
