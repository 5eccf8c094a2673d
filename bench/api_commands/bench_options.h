// Command-line options of the api_commands benchmark.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/flags.h"
#include "common/http_bench_options.h"
#include "rexian/status.h"

namespace rexian::api_bench {

// What one invocation measures. Defaults are the target shape.
struct BenchOptions {
  bench::HttpBenchOptions http;     // connections, server, runs, generator
  std::uint64_t cycles = 50'000;    // open+dispatch+acknowledge+resolve+follow-up cycles per run
  unsigned citizens = 1'000;        // distinct citizen ids the cycles reuse
};

// Parses argv. InvalidArgument names the bad flag; NotFound means --help was
// asked for (the caller prints Usage() and exits 0).
Result<BenchOptions> ParseBenchOptions(int argc, char** argv);

// The --help text.
std::string Usage();

}  // namespace rexian::api_bench
