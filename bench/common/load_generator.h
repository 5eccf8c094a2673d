// Load generators: run a Workload over concurrent keep-alive connections and time every request.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/http_workload.h"

namespace rexian::bench {

// Which client drives the connections.
enum class Generator : std::uint8_t {
  kEpoll,    // one thread, non-blocking sockets, an epoll loop (least CPU)
  kThreads,  // one thread per connection with the blocking test HttpClient
};

// "epoll" or "thread-per-connection".
std::string_view GeneratorName(Generator generator);

// What to run against the server on 127.0.0.1:`port`. At least one of
// `jobs` and `duration` must be set; the load ends at whichever comes first.
struct LoadPlan {
  std::uint16_t port = 0;
  unsigned connections = 64;
  std::uint64_t jobs = 0;                  // most jobs started; 0: no limit
  std::chrono::milliseconds duration{0};   // no job starts after this; 0: no limit
  const Workload* workload = nullptr;      // REQUIRES: set, outlives the run
};

// What came back. Each connection runs one job at a time and one request at
// a time; a job that was started is finished even after `duration`.
struct LoadResult {
  double wall_seconds = 0;          // first connect to last answer
  std::uint64_t jobs_completed = 0; // every request of the job accepted
  std::uint64_t accepted = 0;       // requests answered as expected
  // Per kind: send of the request's first byte to receipt of the answer's
  // last byte, in nanoseconds, one entry per accepted request.
  std::vector<std::vector<std::uint64_t>> latencies_ns;
  std::map<int, std::uint64_t> refused_by_status;  // refused answers by HTTP status
  std::map<int, std::string> refused_example;      // the first refusal's message per status
  std::string error;  // the first fatal failure; "" when none. It stops the
                      // run: nothing is retried.

  // All refused answers, whatever their status.
  std::uint64_t refused() const;
};

// Runs `plan` with one thread and an epoll loop over non-blocking sockets.
LoadResult RunEpollLoad(const LoadPlan& plan);

// Runs `plan` with one thread per connection, each with the blocking test
// HttpClient (tests/server/http_client.h).
LoadResult RunThreadedLoad(const LoadPlan& plan);

// One of the two above.
LoadResult RunLoad(Generator generator, const LoadPlan& plan);

}  // namespace rexian::bench
