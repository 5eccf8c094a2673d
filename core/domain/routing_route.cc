// Route: the first matching routing rule, and its departments resolved on the right platform.
#include <algorithm>

#include "rexian/routing.h"

namespace rexian {

namespace {

bool Accepts(const std::vector<std::string>& condition, const std::string& value) {
  return condition.empty() ||
         std::find(condition.begin(), condition.end(), value) != condition.end();
}

bool MentionsAny(const std::vector<std::string>& keywords, const std::string& text) {
  return keywords.empty() ||
         std::any_of(keywords.begin(), keywords.end(), [&](const std::string& keyword) {
           return text.find(keyword) != std::string::npos;
         });
}

// The department a rule names: by code, or by kind on `platform_code` and
// else on the city platform.
const Department* Resolve(const Organisation& organisation, const DepartmentRef& ref,
                          const std::string& platform_code) {
  if (!ref.code.empty()) return organisation.FindDepartment(ref.code);
  if (const Department* own = organisation.FindDepartmentByKind(platform_code, ref.kind)) {
    return own;
  }
  return organisation.FindDepartmentByKind(organisation.city().code, ref.kind);
}

Result<RoutingDecision> Decide(const Config& config, const RoutingRule& rule,
                               const Platform& location) {
  const Organisation& organisation = config.organisation;
  const Department* lead = Resolve(organisation, rule.lead, location.code);
  if (lead == nullptr) {  // LoadConfig rules this out
    return Status::NotFound("routing rule \"" + rule.id + "\": no lead department \"" +
                            rule.lead.kind + rule.lead.code + "\"");
  }
  RoutingDecision decision;
  decision.rule_id = rule.id;
  decision.location_platform_code = location.code;
  decision.platform_code = lead->platform_code;
  decision.lead_department_code = lead->code;
  for (const DepartmentRef& ref : rule.assisting) {
    const Department* assisting = Resolve(organisation, ref, location.code);
    if (assisting == nullptr) {
      return Status::NotFound("routing rule \"" + rule.id + "\": no assisting department \"" +
                              ref.kind + ref.code + "\"");
    }
    auto& codes = decision.assisting_department_codes;
    if (assisting == lead ||
        std::find(codes.begin(), codes.end(), assisting->code) != codes.end()) {
      continue;
    }
    codes.push_back(assisting->code);
  }
  return decision;
}

}  // namespace

Result<RoutingDecision> Route(const Config& config, const RoutingRequest& request) {
  if (!request.subcategory_code.empty() &&
      config.taxonomy.FindSubCategory(request.subcategory_code) == nullptr) {
    return Status::InvalidArgument("unknown sub-category \"" + request.subcategory_code + "\"");
  }
  std::string type_code;
  if (!request.type.empty()) {
    const TaxonomyType* type = config.taxonomy.FindType(request.type);
    if (type == nullptr) type = config.taxonomy.FindTypeByKey(request.type);
    if (type == nullptr) {
      return Status::InvalidArgument("unknown request type \"" + request.type + "\"");
    }
    type_code = type->code;
  }
  if (config.routing.rules.empty()) {
    return Status::NotFound("no routing rules are configured (the `routing` section)");
  }
  const Platform& location = LocatePlatform(config.organisation, request.location_code);

  // Looked up at most once, and only when a rule asks.
  std::optional<Result<bool>> on_holiday;
  auto received_on_holiday = [&]() -> Result<bool> {
    if (!on_holiday) {
      auto calendar = DeadlineCalendar::FromConfig(config);
      if (!calendar.ok()) return calendar.status();
      auto holiday = calendar->HolidayOn(calendar->LocalDate(*request.received_at));
      if (!holiday.ok()) {
        on_holiday = Result<bool>(holiday.status());
      } else {
        on_holiday = Result<bool>(*holiday != nullptr);
      }
    }
    return *on_holiday;
  };

  for (const RoutingRule& rule : config.routing.rules) {
    const RoutingMatch& match = rule.match;
    if (!Accepts(match.platform_codes, location.code)) continue;
    if (!Accepts(match.subcategory_codes, request.subcategory_code)) continue;
    if (!Accepts(match.type_codes, type_code)) continue;
    if (!MentionsAny(match.keywords, request.text)) continue;
    if (match.during_holiday) {
      if (!request.received_at) continue;
      auto holiday = received_on_holiday();
      if (!holiday.ok()) return holiday.status();
      if (*holiday != *match.during_holiday) continue;
    }
    return Decide(config, rule, location);
  }
  return Status::NotFound("no routing rule matches (the last rule should match everything)");
}

Result<RoutingDecision> Route(const Config& config, std::string_view subcategory_code,
                              std::string_view district_code, std::string_view text) {
  RoutingRequest request;
  request.subcategory_code = subcategory_code;
  request.location_code = district_code;
  request.text = text;
  return Route(config, request);
}

}  // namespace rexian
