// Routing: which platform and departments a request goes to, by the rules of config.routing.
//
// Pure functions of the configuration and the request: no clock, no I/O.
// The rules and their order are described in docs/configuration.md, section
// `routing`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rexian/config.h"
#include "rexian/deadlines.h"
#include "rexian/status.h"

namespace rexian {

// What Route needs to know about one request.
struct RoutingRequest {
  std::string subcategory_code;  // "0301"; may be empty (unclassified)
  // Where the request is: a platform code ("320302") or any longer division
  // code starting with one (a township, "320302001"); empty or unknown: the city.
  std::string location_code;
  std::string text;  // the request's words, matched against rule keywords
  std::string type;  // type code or key; may be empty (rules with `types` then don't match)
  // When it was received; rules with `during_holiday` don't match without it.
  std::optional<UtcTime> received_at;
};

// Where a request goes and why.
struct RoutingDecision {
  std::string rule_id;
  // The platform of the request's location (see LocatePlatform).
  std::string location_platform_code;
  // The platform that dispatches it: the lead department's platform. The
  // location's platform, unless it has no department of the lead kind (or
  // the rule names a department of another platform).
  std::string platform_code;
  std::string lead_department_code;
  std::vector<std::string> assisting_department_codes;  // in rule order, no repeats, not the lead
};

// The platform that handles requests located at `location_code`: the
// platform whose code it is or, for a longer code, the one whose 6-digit
// code it starts with; the city platform for anything else (empty, the
// city's own code, a code of another city). REQUIRES: a loaded organisation.
const Platform& LocatePlatform(const Organisation& organisation, std::string_view location_code);

// Routes `request` by the first rule of config.routing, in file order, whose
// conditions it meets (a request meets a rule when it meets every condition
// the rule sets: its sub-category is listed, its location's platform is
// listed, its type is listed, its text contains one of the keywords (plain
// substring, case-sensitive), it was or wasn't received on a public holiday).
//
// A department kind, lead or assisting, is resolved on the location's
// platform, and on the city platform when the location's platform has no
// department of that kind (LoadConfig guarantees the city has every kind
// rules name). The lead's platform dispatches: a district request whose lead
// kind only the city has goes up to the city platform, while its assisting
// departments may still be the district's own.
//
// InvalidArgument for an unknown sub-category or type; NotFound when no rule
// matches (no `routing` section); Unsupported when a rule asks about a
// holiday in a year without calendar (under `years_without_calendar: refuse`).
Result<RoutingDecision> Route(const Config& config, const RoutingRequest& request);

// Route with only the sub-category, location and text (no type, no time).
Result<RoutingDecision> Route(const Config& config, std::string_view subcategory_code,
                              std::string_view district_code, std::string_view text);

}  // namespace rexian
