// api_commands: work-order commands over HTTP against a real `rexian serve`,
// 64 keep-alive connections on loopback by default. See docs/PERFORMANCE.md.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_options.h"
#include "bench_report.h"
#include "command_cycle.h"
#include "common/load_generator.h"
#include "common/load_meter.h"
#include "common/process_counters.h"
#include "common/server_process.h"
#include "common/workspace.h"

namespace rexian::api_bench {
namespace {

// One run on a fresh server in `dir`. A failed command fails the run.
Result<RunResult> RunOnce(const BenchOptions& o, unsigned index, const std::string& binary,
                          const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  bench::ServerSetup setup{binary, bench::SourceDirectory(), dir, o.http.durability,
                           o.http.io_threads, ""};
  auto server = bench::ServerProcess::Start(setup);
  if (!server.ok()) return server.status();

  auto meter = bench::LoadMeter::Start((*server)->pid(), (*server)->port());
  if (!meter.ok()) return meter.status();
  const CycleWorkload workload(o.citizens);
  bench::LoadPlan plan{(*server)->port(), o.http.connections, o.cycles,
                       std::chrono::milliseconds(0), &workload};
  bench::LoadResult load = bench::RunLoad(o.http.generator, plan);
  auto costs = meter->Finish();
  if (!load.error.empty()) {
    return Status::Unavailable("run " + std::to_string(index) + " FAILED after " +
                               std::to_string(load.accepted) + " good commands: " + load.error +
                               "\n--- end of server.log ---\n" + (*server)->LogTail());
  }
  if (!costs.ok()) return costs.status();
  if (Status s = (*server)->Stop(); !s.ok()) return s;

  RunResult run;
  run.index = index;
  run.data_dir = dir;
  run.costs = std::move(costs).value();
  run.wall_seconds = load.wall_seconds;
  run.commands = load.accepted;
  run.cycles = load.jobs_completed;
  run.commands_per_second = static_cast<double>(load.accepted) / load.wall_seconds;
  std::vector<std::uint64_t> all;
  all.reserve(load.accepted);
  for (int k = 0; k < kCommandsPerCycle; ++k) {
    auto& v = load.latencies_ns[static_cast<std::size_t>(k)];
    all.insert(all.end(), v.begin(), v.end());
    run.by_kind[static_cast<std::size_t>(k)] = bench::SummariseLatencies(&v);
  }
  run.overall = bench::SummariseLatencies(&all);
  return run;
}

int Main(int argc, char** argv) {
  auto parsed = ParseBenchOptions(argc, argv);
  if (!parsed.ok() && parsed.status().IsNotFound()) {
    std::fputs(Usage().c_str(), stdout);
    return 0;
  }
  if (!parsed.ok()) {
    std::fprintf(stderr, "api_commands: %s\n%s", parsed.status().message().c_str(), Usage().c_str());
    return 2;
  }
  const BenchOptions o = *parsed;
  auto binary = bench::RexianBinary(o.http.rexian);
  if (!binary.ok()) {
    std::fprintf(stderr, "api_commands: %s\n", binary.status().message().c_str());
    return 2;
  }
  auto root = bench::MakeScratchDirectory("rexian-api-commands");
  if (!root.ok()) {
    std::fprintf(stderr, "api_commands: %s\n", root.status().message().c_str());
    return 1;
  }
  const unsigned cpus = bench::OnlineCpus();
  std::printf("api_commands: %s, %u connections, %llu cycles/run, durability %s, %u CPUs, "
              "data under %s\n",
              binary->c_str(), o.http.connections, static_cast<unsigned long long>(o.cycles),
              o.http.durability.c_str(), cpus, root->c_str());
  std::fflush(stdout);

  std::vector<RunResult> runs;
  int exit_code = 0;
  for (unsigned r = 1; r <= o.http.runs; ++r) {
    auto run = RunOnce(o, r, *binary, *root + "/run-" + std::to_string(r));
    if (!run.ok()) {
      std::fprintf(stderr, "\napi_commands: %s\n", run.status().message().c_str());
      exit_code = 1;
      break;
    }
    PrintRun(*run, cpus);
    std::fflush(stdout);
    runs.push_back(std::move(run).value());
  }
  if (!runs.empty() && exit_code == 0) {
    PrintSummary(o, bench::CommandLine(argc, argv), runs, cpus);
  }
  if (o.http.keep || exit_code != 0) {
    std::printf("\ndata kept under %s\n", root->c_str());
  } else {
    std::error_code ec;
    std::filesystem::remove_all(*root, ec);
  }
  return exit_code;
}

}  // namespace
}  // namespace rexian::api_bench

int main(int argc, char** argv) { return rexian::api_bench::Main(argc, argv); }
