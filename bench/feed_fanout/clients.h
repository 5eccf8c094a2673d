// FanoutClients: many WebSocket feed clients on one thread, measuring each event's delivery latency.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rexian::bench {

struct FanoutClientOptions {
  std::uint16_t port = 0;
  std::string target = "/v1/feed?stats=0";
  std::string token;
  unsigned clients = 1000;
  double end_timeout_seconds = 60;  // after the last connect, at most this long for the END marker
};

// Latencies of one phase, microseconds, one sample per (client, event).
struct PhaseSamples {
  std::vector<std::uint32_t> from_append;  // the appender's clock before AppendAsync -> receipt
  std::vector<std::uint32_t> from_record;  // the store's recorded_at -> receipt
};

struct FanoutResult {
  unsigned connected = 0;       // handshakes that succeeded
  unsigned closed_early = 0;    // connections that ended before the END marker
  unsigned finished = 0;        // clients that saw the END marker
  std::uint64_t events = 0;     // event messages received, all clients
  std::uint64_t event_bytes = 0;  // their payload bytes
  std::uint64_t gaps = 0;       // consecutive events whose positions were not consecutive
  PhaseSamples phase[2];        // "A" (all clients healthy), "B" (one stalled client elsewhere)
  double cpu_user_seconds = 0;  // getrusage(RUSAGE_SELF) of the client process
  double cpu_system_seconds = 0;
  double wall_seconds = 0;      // from the first connect to the end
};

// Connects `clients` sessions (in waves), calls `on_ready` once every
// handshake finished, then reads until each open client saw an event whose
// contact id starts with "bench-END" (or the timeout). Events carry
// "channel_message_id":"bench-<phase>-<append µs>" in their payload.
FanoutResult RunFanoutClients(const FanoutClientOptions& options,
                              const std::function<void()>& on_ready);

}  // namespace rexian::bench
