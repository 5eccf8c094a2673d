// Text and Markdown output of web_intake.
#include "intake_report.h"

#include <cstdio>
#include <optional>

#include "common/load_generator.h"
#include "common/report.h"

namespace rexian::web_bench {
namespace {

// Issue 4's targets for POST /web/requests.
constexpr double kTargetPerSecond = 10'000;
constexpr double kTargetP99Ms = 20;

std::string RefusedText(const ScenarioRun& r) {
  std::string out;
  for (const auto& [status, n] : r.refused_by_status) {
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " × " + std::to_string(status);
  }
  return out.empty() ? "0" : out;
}

double EventsPerCommit(const ScenarioRun& r) {
  return r.costs.store.batches > 0 ? r.costs.store.events / r.costs.store.batches : 0.0;
}

void PrintRow(const ScenarioRun& r, const char* label, unsigned cpus) {
  std::printf("| %s | %s | %.0f | %.2f | %.2f | %.2f | %.2f | %s | %.0f%% | %.0f%% | %.0f | %.0f | "
              "%.1f | %s → %s |\n",
              std::string(ScenarioName(r.scenario)).c_str(), label, r.per_second, r.latency.p50_ms,
              r.latency.p95_ms, r.latency.p99_ms, r.latency.max_ms, RefusedText(r).c_str(),
              bench::CpuShare(r.costs.server_cpu_seconds, r.wall_seconds, cpus),
              bench::CpuShare(r.costs.generator_cpu_seconds, r.wall_seconds, cpus),
              r.ServerMicrosPerRequest(),
              static_cast<double>(r.costs.server_memory.rss_bytes) / (1024.0 * 1024.0),
              EventsPerCommit(r), r.costs.load_before.c_str(), r.costs.load_after.c_str());
}

// The median run of `scenario` by requests/s; nullptr when it did not run.
const ScenarioRun* MedianOf(const std::vector<ScenarioRun>& runs, Scenario scenario) {
  std::vector<const ScenarioRun*> mine;
  std::vector<double> rates;
  for (const ScenarioRun& r : runs) {
    if (r.scenario != scenario) continue;
    mine.push_back(&r);
    rates.push_back(r.per_second);
  }
  return mine.empty() ? nullptr : mine[bench::MedianIndex(rates)];
}

std::optional<double> RateOf(const std::vector<ScenarioRun>& runs, Scenario scenario, unsigned run) {
  for (const ScenarioRun& r : runs) {
    if (r.scenario == scenario && r.run == run) return r.per_second;
  }
  return std::nullopt;
}

}  // namespace

double ScenarioRun::ServerMicrosPerRequest() const {
  return accepted > 0 ? 1e6 * costs.server_cpu_seconds / static_cast<double>(accepted) : 0;
}

void PrintScenarioRun(const ScenarioRun& r, unsigned cpus) {
  std::printf("\nrun %u, %s (%s): %llu accepted in %.2f s = %.0f/s; refused: %s\n", r.run,
              std::string(ScenarioName(r.scenario)).c_str(),
              std::string(ScenarioRoute(r.scenario)).c_str(),
              static_cast<unsigned long long>(r.accepted), r.wall_seconds, r.per_second,
              RefusedText(r).c_str());
  for (const auto& [status, example] : r.refused_example) {
    std::printf("  first %d: %s\n", status, example.c_str());
  }
  bench::PrintLoadCosts(r.costs, r.wall_seconds, cpus);
  std::printf("  server CPU per accepted request: %.0f µs\n", r.ServerMicrosPerRequest());
  bench::PrintLatencyTable("route", {{std::string(ScenarioRoute(r.scenario)), r.latency}});
}

void PrintIntakeSummary(const IntakeOptions& o, const std::string& command_line,
                        const std::string& state_note, const std::vector<ScenarioRun>& runs,
                        unsigned cpus) {
  std::printf("\n## summary (Markdown)\n\n");
  std::printf("Command: `%s`  \n", command_line.c_str());
  std::printf("%u connections, %s per scenario and run, durability %s, server io_threads %u, %s "
              "generator, %u runs, each scenario on a fresh server and store. %s\n\n",
              o.http.connections,
              o.requests != 0 && o.duration_seconds == 0
                  ? (std::to_string(o.requests) + " requests").c_str()
                  : (std::to_string(static_cast<int>(o.duration_seconds)) + " s" +
                     (o.requests != 0 ? " (at most " + std::to_string(o.requests) + " requests)" : ""))
                        .c_str(),
              o.http.durability.c_str(), o.http.io_threads,
              std::string(bench::GeneratorName(o.http.generator)).c_str(), o.http.runs,
              state_note.c_str());
  const char* header =
      "| scenario | run | requests/s | p50 ms | p95 ms | p99 ms | max ms | refused | server CPU | "
      "generator CPU | server CPU µs/request | server RSS MiB | events/commit | load avg before → "
      "after |\n"
      "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|\n";
  std::printf("All runs:\n\n%s", header);
  for (const ScenarioRun& r : runs) PrintRow(r, std::to_string(r.run).c_str(), cpus);

  std::printf("\nMedian run of each scenario (by requests/s):\n\n%s", header);
  for (Scenario s : o.scenarios) {
    if (const ScenarioRun* m = MedianOf(runs, s)) {
      PrintRow(*m, ("median (run " + std::to_string(m->run) + ")").c_str(), cpus);
    }
  }

  std::vector<double> ratios;
  std::string per_run;
  for (unsigned run = 1; run <= o.http.runs; ++run) {
    auto web = RateOf(runs, Scenario::kWebForm, run);
    auto contacts = RateOf(runs, Scenario::kContacts, run);
    if (!web || !contacts || *contacts == 0) continue;
    ratios.push_back(*web / *contacts);
    char text[32];
    std::snprintf(text, sizeof text, "%s%.2f", per_run.empty() ? "" : " · ", ratios.back());
    per_run += text;
  }
  if (!ratios.empty()) {
    std::printf("\nweb / contacts requests/s, per run: %s; median %.2f\n", per_run.c_str(),
                ratios[bench::MedianIndex(ratios)]);
  }

  for (Scenario s : o.scenarios) {
    const ScenarioRun* m = MedianOf(runs, s);
    if (m == nullptr || s == Scenario::kHealthz) continue;
    std::printf("\nCounters that moved in the median %s run (/metrics, after - before):\n\n",
                std::string(ScenarioName(s)).c_str());
    for (const auto& [series, delta] : m->counters) {
      std::printf("    %s %.6g\n", series.c_str(), delta);
    }
  }

  if (const ScenarioRun* web = MedianOf(runs, Scenario::kWebForm)) {
    std::printf("\nIssue 4 targets for POST /web/requests (median run): ≥ %.0f contacts/s: %s "
                "(%.0f); p99 < %.0f ms: %s (%.2f)\n",
                kTargetPerSecond, web->per_second >= kTargetPerSecond ? "met" : "MISSED",
                web->per_second, kTargetP99Ms, web->latency.p99_ms < kTargetP99Ms ? "met" : "MISSED",
                web->latency.p99_ms);
  }
  std::printf("\nCPU shares are of all %u cores over the load's wall time.\n", cpus);
}

}  // namespace rexian::web_bench
