// Command-line options of the web_intake benchmark.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/http_bench_options.h"
#include "rexian/status.h"
#include "scenario.h"

namespace rexian::web_bench {

// What one invocation measures. Defaults are issue 4's target shape.
struct IntakeOptions {
  bench::HttpBenchOptions http;     // connections, server, runs, generator
  double duration_seconds = 20;     // no request starts after this; 0: no limit
  std::uint64_t requests = 0;       // most requests per scenario and run; 0: no limit
  // In the order they run within each run; each on a fresh server and store.
  std::vector<Scenario> scenarios = {Scenario::kWebForm, Scenario::kContacts, Scenario::kHealthz};
  std::string texts;                // sample messages; empty: ../shared/data/...
  std::string note;                 // printed with the summary (what state was measured)
};

// Parses argv. InvalidArgument names the bad flag; NotFound means --help was
// asked for (the caller prints Usage() and exits 0).
Result<IntakeOptions> ParseIntakeOptions(int argc, char** argv);

// The --help text.
std::string Usage();

// The sample messages' default path: ../shared/data/citizen-messages/messages.jsonl
// beside the repository.
std::string DefaultTextsPath();

}  // namespace rexian::web_bench
