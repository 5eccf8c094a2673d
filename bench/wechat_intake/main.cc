// wechat_intake: issue 6's benchmark. Safe-mode WeChat callbacks through the whole
// path (client encryption, signature checks, decryption, intake, encrypted passive
// reply) against a real `rexian serve` with the WeChat plugin, beside POST
// /v1/contacts with the same messages in the same invocation.
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/flags.h"
#include "common/http_bench_options.h"
#include "common/load_generator.h"
#include "common/load_meter.h"
#include "common/process_counters.h"
#include "common/report.h"
#include "common/server_process.h"
#include "common/workspace.h"
#include "wechat_workload.h"

namespace rexian::wechat_bench {
namespace {

// The plugin with one safe-mode account; no appsecret, so rexian's own
// acknowledgements are settled in the plugin (already told, or refused at
// once) and never wait on a network call.
// The plugin is the one built with this benchmark (by absolute path), so
// --rexian may name a server binary of another build tree.
const std::string kPluginsSection =
    "plugins:  # bench/wechat_intake: one safe-mode account\n"
    "  - name: wechat\n"
    "    kind: shared\n"
    "    path: " REXIAN_PLUGIN_DIR "/rexian_plugin_wechat.so\n"
    "    required: true\n"
    "    config:\n"
    "      follow_up_window_minutes: 0\n"
    "      accounts:\n"
    "        - {name: bench, appid: wxbench000000001, token: benchtoken,\n"
    "           encoding_aes_key: abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG, mode: safe}\n";

constexpr const char* kAbout =
    "Starts `rexian serve` with the WeChat plugin on a fresh store for each scenario\n"
    "and drives it over keep-alive HTTP on 127.0.0.1; every request is a new work\n"
    "order from a new citizen. Scenarios: wechat (safe-mode callbacks, encrypted on\n"
    "the client, answered with an encrypted passive reply), contacts (the same\n"
    "messages as POST /v1/contacts: the core intake without the plugin).\n";

struct Options {
  bench::HttpBenchOptions http;
  double duration_seconds = 20;
  std::uint64_t requests = 0;
  std::vector<Scenario> scenarios = {Scenario::kWechat, Scenario::kContacts};
  std::string note;
};

std::vector<bench::Flag> Flags(Options* o) {
  std::vector<bench::Flag> flags;
  bench::AddHttpBenchFlags(&o->http, &flags);
  flags.push_back(bench::SecondsFlag("--duration", "seconds of load per scenario and run (default 20)",
                                     0, 3600, &o->duration_seconds));
  flags.push_back(bench::CountFlag("--requests", "N", "at most N requests per scenario and run",
                                   std::uint64_t{0}, std::uint64_t{100'000'000}, &o->requests));
  flags.push_back(bench::Flag{"--scenarios", "LIST", "wechat,contacts (default both, in this order)",
                              [o](std::string_view value) {
                                o->scenarios.clear();
                                for (std::string_view rest = value; !rest.empty();) {
                                  const std::size_t comma = rest.find(',');
                                  const std::string_view name = rest.substr(0, comma);
                                  if (name == "wechat") {
                                    o->scenarios.push_back(Scenario::kWechat);
                                  } else if (name == "contacts") {
                                    o->scenarios.push_back(Scenario::kContacts);
                                  } else {
                                    return Status::InvalidArgument("--scenarios: unknown '" +
                                                                   std::string(name) + "'");
                                  }
                                  rest = comma == std::string_view::npos ? "" : rest.substr(comma + 1);
                                }
                                return o->scenarios.empty()
                                           ? Status::InvalidArgument("--scenarios: empty list")
                                           : Status::OK();
                              }});
  flags.push_back(bench::TextFlag("--note", "TEXT", "a sentence for the summary", &o->note));
  return flags;
}

// One scenario on one fresh server.
struct Run {
  Scenario scenario;
  unsigned index = 0;
  double wall_seconds = 0;
  std::uint64_t accepted = 0;
  double per_second = 0;
  bench::LatencySummary latency;
  std::map<int, std::uint64_t> refused_by_status;
  std::map<int, std::string> refused_example;
  bench::LoadCosts costs;
};

Result<Run> RunScenario(const Options& o, Scenario scenario, unsigned index,
                        const std::string& binary, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  bench::ServerSetup setup{binary, bench::SourceDirectory(), dir, o.http.durability,
                           o.http.io_threads, kPluginsSection};
  auto server = bench::ServerProcess::Start(setup);
  if (!server.ok()) return server.status();
  auto meter = bench::LoadMeter::Start((*server)->pid(), (*server)->port());
  if (!meter.ok()) return meter.status();
  const auto workload = MakeWorkload(scenario);
  bench::LoadPlan plan{(*server)->port(), o.http.connections, o.requests,
                       std::chrono::milliseconds(static_cast<long long>(o.duration_seconds * 1000)),
                       workload.get()};
  bench::LoadResult load = bench::RunLoad(o.http.generator, plan);
  auto costs = meter->Finish();
  const std::string what = "run " + std::to_string(index) + ", " + std::string(ScenarioName(scenario));
  if (!load.error.empty()) {
    return Status::Unavailable(what + " FAILED: " + load.error + "\n--- end of server.log ---\n" +
                               (*server)->LogTail());
  }
  if (!costs.ok()) return costs.status();
  if (Status s = (*server)->Stop(); !s.ok()) return Status::Unavailable(what + ": " + s.message());
  Run r{scenario};
  r.index = index;
  r.wall_seconds = load.wall_seconds;
  r.accepted = load.accepted;
  r.per_second = static_cast<double>(load.accepted) / load.wall_seconds;
  r.latency = bench::SummariseLatencies(&load.latencies_ns[0]);
  r.refused_by_status = std::move(load.refused_by_status);
  r.refused_example = std::move(load.refused_example);
  r.costs = std::move(costs).value();
  return r;
}

void PrintRun(const Run& r, unsigned cpus) {
  std::printf("\n### run %u, %s: %llu accepted in %.2f s = %.0f /s\n", r.index,
              std::string(ScenarioName(r.scenario)).c_str(),
              static_cast<unsigned long long>(r.accepted), r.wall_seconds, r.per_second);
  bench::PrintLatencyTable("scenario", {{std::string(ScenarioName(r.scenario)), r.latency}});
  for (const auto& [status, count] : r.refused_by_status) {
    std::printf("  refused HTTP %d: %llu (e.g. %s)\n", status, static_cast<unsigned long long>(count),
                r.refused_example.count(status) ? r.refused_example.at(status).c_str() : "");
  }
  bench::PrintLoadCosts(r.costs, r.wall_seconds, cpus);
}

void PrintSummary(const Options& o, const std::string& command, const std::vector<Run>& runs) {
  std::printf("\n## wechat_intake summary\n\ncommand: `%s`\n", command.c_str());
  if (!o.note.empty()) std::printf("note: %s\n", o.note.c_str());
  std::printf("\n| scenario | runs (msgs/s) | median msgs/s | median run p50 ms | p99 ms | server CPU µs/msg |\n|---|---|---|---|---|---|\n");
  std::map<Scenario, double> medians;
  for (Scenario s : o.scenarios) {
    std::vector<const Run*> of;
    std::vector<double> rates;
    std::string list;
    for (const Run& r : runs) {
      if (r.scenario != s) continue;
      of.push_back(&r);
      rates.push_back(r.per_second);
      char one[32];
      std::snprintf(one, sizeof one, "%s%.0f", list.empty() ? "" : ", ", r.per_second);
      list += one;
    }
    if (of.empty()) continue;
    const Run& m = *of[bench::MedianIndex(rates)];
    medians[s] = m.per_second;
    const double micros = m.accepted ? m.costs.server_cpu_seconds * 1e6 / static_cast<double>(m.accepted) : 0;
    std::printf("| %s | %s | %.0f | %.2f | %.2f | %.0f |\n", std::string(ScenarioName(s)).c_str(),
                list.c_str(), m.per_second, m.latency.p50_ms, m.latency.p99_ms, micros);
  }
  if (medians.count(Scenario::kWechat)) {
    const Run* median = nullptr;
    std::vector<double> rates;
    std::vector<const Run*> of;
    for (const Run& r : runs) {
      if (r.scenario == Scenario::kWechat) {
        of.push_back(&r);
        rates.push_back(r.per_second);
      }
    }
    median = of[bench::MedianIndex(rates)];
    std::printf("\ntarget (issue 6): >= 5000 msgs/s durable: %s (%.0f); p99 < 50 ms: %s (%.2f ms)\n",
                median->per_second >= 5000 ? "met" : "MISSED", median->per_second,
                median->latency.p99_ms < 50 ? "met" : "MISSED", median->latency.p99_ms);
    if (medians.count(Scenario::kContacts) && medians[Scenario::kContacts] > 0) {
      std::printf("wechat / contacts (medians): %.2f\n", medians[Scenario::kWechat] / medians[Scenario::kContacts]);
    }
  }
}

int Main(int argc, char** argv) {
  Options o;
  if (Status s = bench::ParseFlags(argc, argv, Flags(&o)); !s.ok()) {
    Options ignored;
    const std::string usage = bench::FlagUsage("wechat_intake", kAbout, Flags(&ignored));
    if (s.IsNotFound()) {
      std::fputs(usage.c_str(), stdout);
      return 0;
    }
    std::fprintf(stderr, "wechat_intake: %s\n%s", s.message().c_str(), usage.c_str());
    return 2;
  }
  if (o.duration_seconds == 0 && o.requests == 0) {
    std::fprintf(stderr, "wechat_intake: --duration 0 needs --requests N\n");
    return 2;
  }
  auto binary = bench::RexianBinary(o.http.rexian);
  if (!binary.ok()) {
    std::fprintf(stderr, "wechat_intake: %s\n", binary.status().message().c_str());
    return 2;
  }
  auto root = bench::MakeScratchDirectory("rexian-wechat-intake");
  if (!root.ok()) {
    std::fprintf(stderr, "wechat_intake: %s\n", root.status().message().c_str());
    return 1;
  }
  const unsigned cpus = bench::OnlineCpus();
  std::printf("wechat_intake: %s, %u connections, %g s and/or %llu requests per scenario, "
              "durability %s, %u CPUs, data under %s\n",
              binary->c_str(), o.http.connections, o.duration_seconds,
              static_cast<unsigned long long>(o.requests), o.http.durability.c_str(), cpus,
              root->c_str());
  std::fflush(stdout);
  std::vector<Run> runs;
  int exit_code = 0;
  for (unsigned r = 1; r <= o.http.runs && exit_code == 0; ++r) {
    for (Scenario s : o.scenarios) {
      auto run = RunScenario(o, s, r, *binary,
                             *root + "/run-" + std::to_string(r) + "-" + std::string(ScenarioName(s)));
      if (!run.ok()) {
        std::fprintf(stderr, "\nwechat_intake: %s\n", run.status().message().c_str());
        exit_code = 1;
        break;
      }
      PrintRun(*run, cpus);
      std::fflush(stdout);
      runs.push_back(std::move(run).value());
    }
  }
  if (exit_code == 0) PrintSummary(o, bench::CommandLine(argc, argv), runs);
  if (o.http.keep || exit_code != 0) {
    std::printf("\ndata kept under %s\n", root->c_str());
  } else {
    std::error_code ec;
    std::filesystem::remove_all(*root, ec);
  }
  return exit_code;
}

}  // namespace
}  // namespace rexian::wechat_bench

int main(int argc, char** argv) { return rexian::wechat_bench::Main(argc, argv); }
