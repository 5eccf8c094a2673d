// Figures of one run and the text report of all runs.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "bench_options.h"
#include "command_cycle.h"
#include "latency_summary.h"
#include "process_counters.h"
#include "store_metrics.h"

namespace rexian::api_bench {

// What one run (one fresh server, one load) measured. CPU figures cover the
// load only: from just before the first connect to just after the last answer.
struct RunResult {
  unsigned index = 0;            // 1-based
  std::string data_dir;
  std::string load_before;       // /proc/loadavg before and after the load
  std::string load_after;
  double wall_seconds = 0;
  std::uint64_t commands = 0;
  std::uint64_t cycles = 0;
  double commands_per_second = 0;
  std::array<LatencySummary, kCommandsPerCycle> by_kind;
  LatencySummary overall;
  double generator_cpu_seconds = 0;   // this process
  double server_cpu_seconds = 0;      // the rexian child
  std::vector<ThreadCpu> server_threads;  // per-thread CPU during the load, busiest first
  StoreCounters store;                // store counters during the load
};

// Prints one run's figures, `cpus` being the machine's online CPUs.
void PrintRun(const RunResult& run, unsigned cpus);

// Prints the median run (by commands/s) in detail, and one line per run, as
// Markdown ready for docs/PERFORMANCE.md. REQUIRES: !runs.empty().
void PrintSummary(const BenchOptions& options, const std::string& command_line,
                  const std::vector<RunResult>& runs, unsigned cpus);

}  // namespace rexian::api_bench
