// Scenario: the simulator's input, config/scenarios/<name>.yaml.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rexian/status.h"

namespace rexian::sim {

// A published count and/or share (hundredths of a percent).
struct PublishedPart {
  std::optional<std::int64_t> count;
  std::optional<std::int64_t> share;
};

// A holiday's year-on-year target: the previous year's count (a shape
// choice) and the published change.
struct HolidayChange {
  double previous = 0;
  std::int64_t change = 0;  // hundredths of a percent
};

struct ScenarioTargets {
  std::int64_t received = 0;
  std::int64_t growth = 0;  // hundredths of a percent, on the previous year
  std::int64_t city_platform = 0;
  std::int64_t answered_first_contact = 0;
  std::int64_t first_contact_rate = 0, on_time_rate = 0, satisfaction_rate = 0;
  std::map<std::string, PublishedPart> types_city;          // by type key
  std::map<std::string, PublishedPart> subcategories_city;  // by code; share of domain
  std::string holiday_subcategory;
  std::map<std::string, HolidayChange> holiday_changes;     // by holiday key of `year`
};

struct ScenarioShape {
  std::int64_t previous_first_contact_rate = 0, previous_on_time_rate = 0,
               previous_satisfaction_rate = 0;
  std::map<std::string, double> domains;              // by domain key
  std::map<std::string, double> subcategory_weights;  // by code
  std::map<std::string, double> counties;             // by platform code
  std::map<std::string, double> channels;
  std::array<double, 12> months{};
  std::array<double, 7> weekdays{};  // Monday first
  std::array<double, 24> hours{};
  double holiday_volume = 1;
  std::map<std::string, double> answered_propensity;  // by type key
  double returned = 0, extended = 0, reopened = 0, basically_satisfied = 0;
  double repeat_callers = 0;
};

// Request texts: templates per sub-category, places per platform.
struct ScenarioTexts {
  struct Places {
    std::vector<std::string> roads, communities, landmarks;
  };
  std::map<std::string, Places> places;                   // by platform code
  std::map<std::string, std::vector<std::string>> texts;  // by sub-category code
};

struct Scenario {
  std::string name;
  std::uint64_t seed = 0;
  int year = 0;
  ScenarioTargets targets;
  ScenarioShape shape;
  ScenarioTexts texts;
};

// Loads a scenario and its texts file. Errors name the file and the key
// ("xuzhou-2025.yaml: targets.types_city.help.share: ...").
Result<Scenario> LoadScenario(const std::string& path);

}  // namespace rexian::sim
