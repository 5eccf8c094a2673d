// Command-line options of the api_commands benchmark.
#pragma once

#include <cstdint>
#include <string>

#include "rexian/status.h"

namespace rexian::api_bench {

// Which client drives the connections.
enum class Generator : std::uint8_t {
  kEpoll,    // one thread, non-blocking sockets, an epoll loop (default: least CPU)
  kThreads,  // one thread per connection with the blocking test HttpClient
};

// What one invocation measures. Defaults are the target shape.
struct BenchOptions {
  unsigned connections = 64;        // concurrent keep-alive connections
  std::uint64_t cycles = 50'000;    // open+dispatch+acknowledge+resolve+follow-up cycles per run
  unsigned citizens = 1'000;        // distinct citizen ids the cycles reuse
  std::string rexian;               // the server binary; empty: <build dir>/rexian
  std::string durability = "fsync"; // store.durability of the server
  unsigned io_threads = 2;          // server.io_threads of the server
  unsigned runs = 3;                // runs, each on a fresh server and store
  Generator generator = Generator::kEpoll;
  bool keep = false;                // keep the data directories after the runs
};

// Parses argv. InvalidArgument names the bad flag; NotFound means --help was
// asked for (the caller prints Usage() and exits 0).
Result<BenchOptions> ParseBenchOptions(int argc, char** argv);

// The --help text.
std::string Usage();

}  // namespace rexian::api_bench
