// web_intake: issue 4's benchmark. Web form intake (POST /web/requests) against a real
// `rexian serve` with the web plugin, beside the core intake and the bare HTTP server.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "citizen_texts.h"
#include "common/load_generator.h"
#include "common/load_meter.h"
#include "common/process_counters.h"
#include "common/server_metrics.h"
#include "common/server_process.h"
#include "common/workspace.h"
#include "intake_options.h"
#include "intake_report.h"
#include "intake_workloads.h"

namespace rexian::web_bench {
namespace {

// The web plugin as docs/plugins/web.md configures it, form only, with the
// anonymous rate limit at its maximum: every request comes from 127.0.0.1,
// and the benchmark measures intake, not the limiter's 429s.
constexpr const char* kPluginsSection =
    "plugins:  # bench/web_intake: the web form, rate limit out of the way\n"
    "  - name: web\n"
    "    kind: shared\n"
    "    path: rexian_plugin_web.so\n"
    "    required: true\n"
    "    config:\n"
    "      open311: false\n"
    "      rate_per_ip: 100000\n"
    "      burst_per_ip: 1000000\n";

// One scenario on a fresh server in `dir`.
Result<ScenarioRun> RunScenario(const IntakeOptions& o, Scenario scenario, unsigned run_index,
                                const std::string& binary, const std::string& dir,
                                const std::vector<CitizenText>& texts) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  // The plugin is loaded in every scenario, so the servers differ only in the route driven.
  bench::ServerSetup setup{binary, bench::SourceDirectory(), dir, o.http.durability,
                           o.http.io_threads, kPluginsSection};
  auto server = bench::ServerProcess::Start(setup);
  if (!server.ok()) return server.status();

  auto meter = bench::LoadMeter::Start((*server)->pid(), (*server)->port());
  if (!meter.ok()) return meter.status();
  const auto workload = MakeWorkload(scenario, &texts);
  bench::LoadPlan plan{(*server)->port(), o.http.connections, o.requests,
                       std::chrono::milliseconds(static_cast<long long>(o.duration_seconds * 1000)),
                       workload.get()};
  bench::LoadResult load = bench::RunLoad(o.http.generator, plan);
  auto costs = meter->Finish();
  const std::string what =
      "run " + std::to_string(run_index) + ", " + std::string(ScenarioName(scenario));
  if (!load.error.empty()) {
    return Status::Unavailable(what + " FAILED after " + std::to_string(load.accepted) +
                               " accepted requests: " + load.error +
                               "\n--- end of server.log ---\n" + (*server)->LogTail());
  }
  if (!costs.ok()) return costs.status();
  if (Status s = (*server)->Stop(); !s.ok()) return Status::Unavailable(what + ": " + s.message());

  ScenarioRun r;
  r.scenario = scenario;
  r.run = run_index;
  r.wall_seconds = load.wall_seconds;
  r.accepted = load.accepted;
  r.per_second = static_cast<double>(load.accepted) / load.wall_seconds;
  r.latency = bench::SummariseLatencies(&load.latencies_ns[0]);
  r.refused_by_status = std::move(load.refused_by_status);
  r.refused_example = std::move(load.refused_example);
  r.counters = bench::CounterDeltas(costs->metrics_before, costs->metrics_after);
  r.costs = std::move(costs).value();
  return r;
}

int Main(int argc, char** argv) {
  auto parsed = ParseIntakeOptions(argc, argv);
  if (!parsed.ok() && parsed.status().IsNotFound()) {
    std::fputs(Usage().c_str(), stdout);
    return 0;
  }
  if (!parsed.ok()) {
    std::fprintf(stderr, "web_intake: %s\n%s", parsed.status().message().c_str(), Usage().c_str());
    return 2;
  }
  const IntakeOptions o = *parsed;
  auto binary = bench::RexianBinary(o.http.rexian);
  if (!binary.ok()) {
    std::fprintf(stderr, "web_intake: %s\n", binary.status().message().c_str());
    return 2;
  }
  auto texts = LoadCitizenTexts(o.texts);
  if (!texts.ok()) {
    std::fprintf(stderr, "web_intake: %s\n", texts.status().message().c_str());
    return 2;
  }
  auto root = bench::MakeScratchDirectory("rexian-web-intake");
  if (!root.ok()) {
    std::fprintf(stderr, "web_intake: %s\n", root.status().message().c_str());
    return 1;
  }
  const unsigned cpus = bench::OnlineCpus();
  std::printf("web_intake: %s, %u connections, %g s and/or %llu requests per scenario, "
              "durability %s, %zu sample messages from %s, %u CPUs, data under %s\n",
              binary->c_str(), o.http.connections, o.duration_seconds,
              static_cast<unsigned long long>(o.requests), o.http.durability.c_str(),
              texts->size(), o.texts.c_str(), cpus, root->c_str());
  std::fflush(stdout);

  std::vector<ScenarioRun> runs;
  int exit_code = 0;
  for (unsigned r = 1; r <= o.http.runs && exit_code == 0; ++r) {
    for (Scenario s : o.scenarios) {
      const std::string dir = *root + "/run-" + std::to_string(r) + "-" + std::string(ScenarioName(s));
      auto run = RunScenario(o, s, r, *binary, dir, *texts);
      if (!run.ok()) {
        std::fprintf(stderr, "\nweb_intake: %s\n", run.status().message().c_str());
        exit_code = 1;
        break;
      }
      PrintScenarioRun(*run, cpus);
      std::fflush(stdout);
      runs.push_back(std::move(run).value());
    }
  }
  if (exit_code == 0) PrintIntakeSummary(o, bench::CommandLine(argc, argv), o.note, runs, cpus);
  if (o.http.keep || exit_code != 0) {
    std::printf("\ndata kept under %s\n", root->c_str());
  } else {
    std::error_code ec;
    std::filesystem::remove_all(*root, ec);
  }
  return exit_code;
}

}  // namespace
}  // namespace rexian::web_bench

int main(int argc, char** argv) { return rexian::web_bench::Main(argc, argv); }
