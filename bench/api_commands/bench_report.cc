// Text and Markdown output of the api_commands benchmark.
#include "bench_report.h"

#include <algorithm>
#include <cstdio>

namespace rexian::api_bench {
namespace {

// CPU seconds over the run as a share of all the machine's cores, in percent.
double Share(double cpu_seconds, double wall_seconds, unsigned cpus) {
  return wall_seconds > 0 ? 100.0 * cpu_seconds / (wall_seconds * cpus) : 0;
}

void PrintLatencyRow(const char* name, const LatencySummary& s) {
  std::printf("| %-11s | %9llu | %7.2f | %7.2f | %7.2f | %7.2f | %8.2f |\n", name,
              static_cast<unsigned long long>(s.count), s.mean_ms, s.p50_ms, s.p99_ms, s.p999_ms,
              s.max_ms);
}

void PrintLatencyTable(const RunResult& run) {
  std::printf("| command     |     count | mean ms |  p50 ms |  p99 ms | p999 ms |   max ms |\n"
              "|-------------|----------:|--------:|--------:|--------:|--------:|---------:|\n");
  for (int k = 0; k < kCommandsPerCycle; ++k) {
    PrintLatencyRow(std::string(CommandName(KindOfStep(k))).c_str(),
                    run.by_kind[static_cast<std::size_t>(k)]);
  }
  PrintLatencyRow("all", run.overall);
}

}  // namespace

void PrintRun(const RunResult& run, unsigned cpus) {
  std::printf("\nrun %u: %llu commands (%llu cycles) in %.2f s = %.0f commands/s, 0 errors\n",
              run.index, static_cast<unsigned long long>(run.commands),
              static_cast<unsigned long long>(run.cycles), run.wall_seconds,
              run.commands_per_second);
  std::printf("  load average before %s, after %s\n", run.load_before.c_str(),
              run.load_after.c_str());
  std::printf("  CPU during the load (share of %u cores): generator %.1f s = %.0f%%, "
              "server %.1f s = %.0f%%\n",
              cpus, run.generator_cpu_seconds,
              Share(run.generator_cpu_seconds, run.wall_seconds, cpus), run.server_cpu_seconds,
              Share(run.server_cpu_seconds, run.wall_seconds, cpus));
  std::printf("  server threads, CPU s during the load:");
  for (std::size_t i = 0; i < run.server_threads.size() && i < 8; ++i) {
    std::printf(" %s[%d]=%.1f", run.server_threads[i].name.c_str(), run.server_threads[i].tid,
                run.server_threads[i].seconds);
  }
  std::printf("\n");
  const StoreCounters& s = run.store;
  if (s.batches > 0) {
    std::printf("  store: %.0f appends, %.0f events in %.0f group commits (%.1f events/commit, "
                "%.0f commits/s), mean append %.2f ms (enqueue to durable)\n",
                s.appends, s.events, s.batches, s.events / s.batches, s.batches / run.wall_seconds,
                s.latency_count > 0 ? 1000.0 * s.latency_sum_seconds / s.latency_count : 0.0);
  }
  PrintLatencyTable(run);
}

void PrintSummary(const BenchOptions& o, const std::string& command_line,
                  const std::vector<RunResult>& runs, unsigned cpus) {
  std::vector<const RunResult*> sorted;
  for (const RunResult& r : runs) sorted.push_back(&r);
  std::sort(sorted.begin(), sorted.end(), [](const RunResult* a, const RunResult* b) {
    return a->commands_per_second < b->commands_per_second;
  });
  const RunResult& median = *sorted[(sorted.size() - 1) / 2];

  std::printf("\n## summary (Markdown)\n\n");
  std::printf("Command: `%s`  \n", command_line.c_str());
  std::printf("%u connections, %llu cycles x 5 commands per run, durability %s, server io_threads "
              "%u, %s generator, %u runs; median run by commands/s: run %u.\n\n",
              o.connections, static_cast<unsigned long long>(o.cycles), o.durability.c_str(),
              o.io_threads, o.generator == Generator::kEpoll ? "epoll" : "thread-per-connection",
              o.runs, median.index);
  std::printf("| run | commands/s | p50 ms | p99 ms | p999 ms | max ms | generator CPU | server "
              "CPU | events/commit | load avg before → after |\n"
              "|----:|-----------:|-------:|-------:|--------:|-------:|--------------:|-----------:|"
              "--------------:|-------------------------|\n");
  for (const RunResult& r : runs) {
    std::printf("| %u%s | %.0f | %.2f | %.2f | %.2f | %.2f | %.0f%% | %.0f%% | %.1f | %s → %s |\n",
                r.index, &r == &median ? " (median)" : "", r.commands_per_second, r.overall.p50_ms,
                r.overall.p99_ms, r.overall.p999_ms, r.overall.max_ms,
                Share(r.generator_cpu_seconds, r.wall_seconds, cpus),
                Share(r.server_cpu_seconds, r.wall_seconds, cpus),
                r.store.batches > 0 ? r.store.events / r.store.batches : 0.0,
                r.load_before.c_str(), r.load_after.c_str());
  }
  std::printf("\nMedian run, per command:\n\n");
  PrintLatencyTable(median);
  std::printf("\nCPU shares are of all %u cores over the run's wall time.\n", cpus);
}

}  // namespace rexian::api_bench
