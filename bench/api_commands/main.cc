// api_commands: work-order commands over HTTP against a real `rexian serve`,
// 64 keep-alive connections on loopback by default. See docs/PERFORMANCE.md.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bench_options.h"
#include "bench_report.h"
#include "load_generator.h"
#include "process_counters.h"
#include "server_process.h"
#include "store_metrics.h"

namespace rexian::api_bench {
namespace {

// Per-thread CPU consumed between two snapshots, busiest first.
std::vector<ThreadCpu> ThreadDeltas(const std::vector<ThreadCpu>& before,
                                    const std::vector<ThreadCpu>& after) {
  std::map<pid_t, double> start;
  for (const ThreadCpu& t : before) start[t.tid] = t.seconds;
  std::vector<ThreadCpu> out;
  for (ThreadCpu t : after) {
    t.seconds -= start.count(t.tid) != 0 ? start[t.tid] : 0.0;
    out.push_back(t);
  }
  std::sort(out.begin(), out.end(),
            [](const ThreadCpu& a, const ThreadCpu& b) { return a.seconds > b.seconds; });
  return out;
}

// One run on a fresh server in `dir`. A failed command fails the run.
Result<RunResult> RunOnce(const BenchOptions& o, unsigned index, const std::string& binary,
                          const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  ServerSetup setup{binary, REXIAN_SOURCE_DIR, dir, o.durability, o.io_threads};
  auto server = ServerProcess::Start(setup);
  if (!server.ok()) return server.status();
  const pid_t pid = (*server)->pid();

  RunResult run;
  run.index = index;
  run.data_dir = dir;
  auto store_before = ScrapeStoreCounters((*server)->port());
  if (!store_before.ok()) return store_before.status();
  run.load_before = LoadAverages();
  const std::vector<ThreadCpu> threads_before = ThreadCpuSeconds(pid);
  auto server_cpu_before = ProcessCpuSeconds(pid);
  const double self_cpu_before = SelfCpuSeconds();

  LoadPlan plan{(*server)->port(), o.connections, o.cycles, o.citizens};
  LoadResult load = o.generator == Generator::kEpoll ? RunEpollLoad(plan) : RunThreadedLoad(plan);

  run.generator_cpu_seconds = SelfCpuSeconds() - self_cpu_before;
  auto server_cpu_after = ProcessCpuSeconds(pid);
  run.server_threads = ThreadDeltas(threads_before, ThreadCpuSeconds(pid));
  run.load_after = LoadAverages();
  if (!load.error.empty()) {
    return Status::Unavailable("run " + std::to_string(index) + " FAILED after " +
                           std::to_string(load.commands) + " good commands: " + load.error +
                           "\n--- end of server.log ---\n" + (*server)->LogTail());
  }
  auto store_after = ScrapeStoreCounters((*server)->port());
  if (!store_after.ok()) return store_after.status();
  if (!server_cpu_before.ok() || !server_cpu_after.ok()) {
    return Status::Unavailable("cannot read the server's CPU time from /proc");
  }
  run.server_cpu_seconds = *server_cpu_after - *server_cpu_before;
  run.store = Difference(*store_after, *store_before);
  if (Status s = (*server)->Stop(); !s.ok()) return s;

  run.wall_seconds = load.wall_seconds;
  run.commands = load.commands;
  run.cycles = load.cycles;
  run.commands_per_second = static_cast<double>(load.commands) / load.wall_seconds;
  std::vector<std::uint64_t> all;
  all.reserve(load.commands);
  for (int k = 0; k < kCommandsPerCycle; ++k) {
    auto& v = load.latencies_ns[static_cast<std::size_t>(k)];
    all.insert(all.end(), v.begin(), v.end());
    run.by_kind[static_cast<std::size_t>(k)] = SummariseLatencies(&v);
  }
  run.overall = SummariseLatencies(&all);
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
  const std::string binary = o.rexian.empty() ? std::string(REXIAN_BINARY_DIR) + "/rexian" : o.rexian;
  if (::access(binary.c_str(), X_OK) != 0) {
    std::fprintf(stderr, "api_commands: no executable rexian at %s (use --rexian)\n", binary.c_str());
    return 2;
  }
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i > 0 ? " " : "") + std::string(argv[i]);

  char pattern[] = "/tmp/rexian-api-commands-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    std::perror("api_commands: mkdtemp");
    return 1;
  }
  const std::string root = pattern;
  const unsigned cpus = OnlineCpus();
  std::printf("api_commands: %s, %u connections, %llu cycles/run, durability %s, %u CPUs, "
              "data under %s\n",
              binary.c_str(), o.connections, static_cast<unsigned long long>(o.cycles),
              o.durability.c_str(), cpus, root.c_str());
  std::fflush(stdout);

  std::vector<RunResult> runs;
  int exit_code = 0;
  for (unsigned r = 1; r <= o.runs; ++r) {
    auto run = RunOnce(o, r, binary, root + "/run-" + std::to_string(r));
    if (!run.ok()) {
      std::fprintf(stderr, "\napi_commands: %s\n", run.status().message().c_str());
      exit_code = 1;
      break;
    }
    PrintRun(*run, cpus);
    std::fflush(stdout);
    runs.push_back(std::move(run).value());
  }
  if (!runs.empty() && exit_code == 0) PrintSummary(o, command_line, runs, cpus);
  std::error_code ec;
  if (o.keep || exit_code != 0) {
    std::printf("\ndata kept under %s\n", root.c_str());
  } else {
    std::filesystem::remove_all(root, ec);
  }
  return exit_code;
}

}  // namespace
}  // namespace rexian::api_bench

int main(int argc, char** argv) { return rexian::api_bench::Main(argc, argv); }
