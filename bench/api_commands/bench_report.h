// Figures of one run and the text report of all runs.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "bench_options.h"
#include "command_cycle.h"
#include "common/latency_summary.h"
#include "common/load_meter.h"

namespace rexian::api_bench {

// What one run (one fresh server, one load) measured. CPU figures cover the
// load only: from just before the first connect to just after the last answer.
struct RunResult {
  unsigned index = 0;            // 1-based
  std::string data_dir;
  double wall_seconds = 0;
  std::uint64_t commands = 0;
  std::uint64_t cycles = 0;
  double commands_per_second = 0;
  std::array<bench::LatencySummary, kCommandsPerCycle> by_kind;
  bench::LatencySummary overall;
  bench::LoadCosts costs;        // CPU, threads, memory, store counters, load averages
};

// Prints one run's figures, `cpus` being the machine's online CPUs.
void PrintRun(const RunResult& run, unsigned cpus);

// Prints the median run (by commands/s) in detail, and one line per run, as
// Markdown ready for docs/PERFORMANCE.md. REQUIRES: !runs.empty().
void PrintSummary(const BenchOptions& options, const std::string& command_line,
                  const std::vector<RunResult>& runs, unsigned cpus);

}  // namespace rexian::api_bench
