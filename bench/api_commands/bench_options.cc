// The api_commands flag table.
#include "bench_options.h"

namespace rexian::api_bench {
namespace {

constexpr const char* kAbout =
    "Starts `rexian serve` on a fresh store and drives work-order command cycles\n"
    "(open, dispatch, acknowledge, resolve, follow-up) over keep-alive HTTP.\n";

std::vector<bench::Flag> BenchFlags(BenchOptions* o) {
  std::vector<bench::Flag> flags;
  bench::AddHttpBenchFlags(&o->http, &flags);
  // Five latencies of 8 bytes are kept per cycle.
  flags.push_back(bench::CountFlag("--cycles", "N", "cycles per run, 5 commands each (default 50000)",
                                   std::uint64_t{1}, std::uint64_t{100'000'000}, &o->cycles));
  flags.push_back(bench::CountFlag("--citizens", "K",
                                   "distinct citizen ids reused by the cycles (default 1000)", 1u,
                                   100'000'000u, &o->citizens));
  return flags;
}

}  // namespace

std::string Usage() {
  BenchOptions ignored;
  return bench::FlagUsage("api_commands", kAbout, BenchFlags(&ignored));
}

Result<BenchOptions> ParseBenchOptions(int argc, char** argv) {
  BenchOptions o;
  if (Status s = bench::ParseFlags(argc, argv, BenchFlags(&o)); !s.ok()) return s;
  return o;
}

}  // namespace rexian::api_bench
