// PlanSimulation: every request of the simulated years, decided before any is sent.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rexian/config.h"
#include "sim/scenario.h"

namespace rexian::sim {

// One request and everything that will happen to it.
struct PlannedRequest {
  enum Flag : std::uint8_t {
    kAnswered = 1,   // answered on first contact; else dispatched
    kOnTime = 2,     // (dispatched) the final resolution meets its deadline
    kReturned = 4,   // returned once by the department, then re-dispatched
    kExtended = 8,   // an extension approved, resolved within it
    kReopened = 16,  // rated dissatisfied first, reopened, resolved again
  };
  std::int64_t received_at = 0;  // Unix seconds
  std::uint32_t citizen = 0;     // citizen number (repeat callers share one)
  std::uint32_t text_seed = 0;
  std::uint16_t platform = 0;    // index into Config organisation platforms
  std::uint16_t subcategory = 0; // index into SimulationPlan::subcategories
  std::uint8_t type = 0;         // index into the taxonomy's types
  std::uint8_t channel = 0;      // index into SimulationPlan::channels
  std::uint8_t flags = 0;
  std::uint8_t rating = 0;       // (dispatched) final: 1 satisfied, 2 basically, 3 dissatisfied

  bool has(Flag f) const { return (flags & f) != 0; }
};

// The counts one simulated year is built to: what its report must print.
struct YearTargets {
  int year = 0;
  std::int64_t received = 0, city = 0, county = 0, answered = 0, dispatched = 0;
  std::int64_t on_time = 0, late = 0, satisfied = 0, basically_satisfied = 0, dissatisfied = 0;
  std::map<std::string, std::int64_t> types_city;          // by type code
  std::map<std::string, std::int64_t> domains_city;        // by domain code
  std::map<std::string, std::int64_t> subcategories_city;  // by code
  std::map<std::string, std::int64_t> holiday_focus;       // holiday key -> focus sub-category count
};

struct SimulationPlan {
  std::vector<YearTargets> years;         // the year before first, then the scenario's year
  std::vector<PlannedRequest> requests;   // by received_at
  std::vector<std::string> subcategories; // codes
  std::vector<std::string> channels;
  double scale = 1;

  // {"scale", "years": [{"year", "received", ..., "types_city": {...}}]}.
  boost::json::object TargetsJson() const;
};

// Plans both years at `scale` (1 = full size; 0.01 = 1%): integer targets
// that print as published (see target_solver.h), then every request's day,
// hour, platform, channel, classification and outcome, all from the
// scenario's seed. InvalidArgument when the scenario and the configuration
// disagree (an unknown type key, sub-category or platform) or the targets
// cannot be met at this scale.
Result<SimulationPlan> PlanSimulation(const Scenario& scenario, const Config& config, double scale);

}  // namespace rexian::sim
