// Drives command cycles over concurrent keep-alive connections and times every command.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "bench_options.h"
#include "command_cycle.h"

namespace rexian::api_bench {

// What to run against the server on 127.0.0.1:`port`.
struct LoadPlan {
  std::uint16_t port = 0;
  unsigned connections = 64;
  std::uint64_t cycles = 0;
  unsigned citizens = 1000;
};

// What came back. Each connection runs one cycle at a time, one command at a
// time (no pipelining): a command is sent when the previous one's answer,
// given by the server only once its events are durable, has arrived.
struct LoadResult {
  double wall_seconds = 0;       // first connect to last answer
  std::uint64_t commands = 0;    // commands answered as expected
  std::uint64_t cycles = 0;      // cycles completed
  // Per command kind: send of the request's first byte to receipt of the
  // answer's last byte, in nanoseconds, one entry per answered command.
  std::array<std::vector<std::uint64_t>, kCommandsPerCycle> latencies_ns;
  std::string error;             // the first failure; "" when none. A failure
                                 // stops the run: no command is retried.
};

// Runs `plan` with one thread and an epoll loop over non-blocking sockets.
LoadResult RunEpollLoad(const LoadPlan& plan);

// Runs `plan` with one thread per connection, each with the blocking test
// HttpClient (tests/server/http_client.h).
LoadResult RunThreadedLoad(const LoadPlan& plan);

}  // namespace rexian::api_bench
