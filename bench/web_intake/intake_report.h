// What one scenario run measured, and the web_intake report: per run, then medians side by side.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/latency_summary.h"
#include "common/load_meter.h"
#include "intake_options.h"
#include "scenario.h"

namespace rexian::web_bench {

// One scenario on one fresh server. CPU figures cover the load only.
struct ScenarioRun {
  Scenario scenario = Scenario::kWebForm;
  unsigned run = 0;                  // 1-based
  double wall_seconds = 0;           // first connect to last answer
  std::uint64_t accepted = 0;        // 201 new tickets (200 for healthz)
  double per_second = 0;             // accepted / wall_seconds
  bench::LatencySummary latency;     // of the accepted requests
  std::map<int, std::uint64_t> refused_by_status;
  std::map<int, std::string> refused_example;
  bench::LoadCosts costs;
  std::vector<std::pair<std::string, double>> counters;  // /metrics counters that moved

  // Server CPU per accepted request, in microseconds.
  double ServerMicrosPerRequest() const;
};

// Prints one scenario run, `cpus` being the machine's online CPUs.
void PrintScenarioRun(const ScenarioRun& run, unsigned cpus);

// Prints the Markdown summary: every run, the median run of each scenario
// (by requests/s) side by side, web / contacts per run and its median, the
// median runs' moved counters, and the targets met or missed.
// REQUIRES: every run of `runs` succeeded.
void PrintIntakeSummary(const IntakeOptions& options, const std::string& command_line,
                        const std::string& state_note, const std::vector<ScenarioRun>& runs,
                        unsigned cpus);

}  // namespace rexian::web_bench
