// Text and Markdown output of the api_commands benchmark.
#include "bench_report.h"

#include <cstdio>

#include "common/report.h"

namespace rexian::api_bench {
namespace {

void PrintLatencyTable(const RunResult& run) {
  std::vector<bench::LatencyRow> rows;
  for (int k = 0; k < kCommandsPerCycle; ++k) {
    rows.push_back({std::string(CommandName(KindOfStep(k))), run.by_kind[static_cast<std::size_t>(k)]});
  }
  rows.push_back({"all", run.overall});
  bench::PrintLatencyTable("command", rows);
}

}  // namespace

void PrintRun(const RunResult& run, unsigned cpus) {
  std::printf("\nrun %u: %llu commands (%llu cycles) in %.2f s = %.0f commands/s, 0 errors\n",
              run.index, static_cast<unsigned long long>(run.commands),
              static_cast<unsigned long long>(run.cycles), run.wall_seconds,
              run.commands_per_second);
  bench::PrintLoadCosts(run.costs, run.wall_seconds, cpus);
  PrintLatencyTable(run);
}

void PrintSummary(const BenchOptions& o, const std::string& command_line,
                  const std::vector<RunResult>& runs, unsigned cpus) {
  std::vector<double> rates;
  for (const RunResult& r : runs) rates.push_back(r.commands_per_second);
  const RunResult& median = runs[bench::MedianIndex(rates)];

  std::printf("\n## summary (Markdown)\n\n");
  std::printf("Command: `%s`  \n", command_line.c_str());
  std::printf("%u connections, %llu cycles x 5 commands per run, durability %s, server io_threads "
              "%u, %s generator, %u runs; median run by commands/s: run %u.\n\n",
              o.http.connections, static_cast<unsigned long long>(o.cycles),
              o.http.durability.c_str(), o.http.io_threads,
              std::string(bench::GeneratorName(o.http.generator)).c_str(), o.http.runs,
              median.index);
  std::printf("| run | commands/s | p50 ms | p99 ms | p999 ms | max ms | generator CPU | server "
              "CPU | events/commit | load avg before → after |\n"
              "|----:|-----------:|-------:|-------:|--------:|-------:|--------------:|-----------:|"
              "--------------:|-------------------------|\n");
  for (const RunResult& r : runs) {
    const bench::LoadCosts& c = r.costs;
    std::printf("| %u%s | %.0f | %.2f | %.2f | %.2f | %.2f | %.0f%% | %.0f%% | %.1f | %s → %s |\n",
                r.index, &r == &median ? " (median)" : "", r.commands_per_second, r.overall.p50_ms,
                r.overall.p99_ms, r.overall.p999_ms, r.overall.max_ms,
                bench::CpuShare(c.generator_cpu_seconds, r.wall_seconds, cpus),
                bench::CpuShare(c.server_cpu_seconds, r.wall_seconds, cpus),
                c.store.batches > 0 ? c.store.events / c.store.batches : 0.0,
                c.load_before.c_str(), c.load_after.c_str());
  }
  std::printf("\nMedian run, per command:\n\n");
  PrintLatencyTable(median);
  std::printf("\nCPU shares are of all %u cores over the run's wall time.\n", cpus);
}

}  // namespace rexian::api_bench
