// HostGate: the one way a plugin answers HTTP exchanges and starts
// asynchronous host calls, closed for good when the plugin stops.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>

#include "rexian/plugin.h"

namespace rexian::plugin_kit {

// Once Close() returned, nothing is answered any more (after stop() a plugin
// may call no host function but log). Also counts the host calls in flight
// (submit_contact, record_event, ticket_command) so that stop can let them
// finish first. Thread-safe. Not copyable; plugins share it through a
// shared_ptr so that a call still in flight after Close() timed out can
// finish against it.
class HostGate {
 public:
  // REQUIRES: `api` outlives the gate.
  explicit HostGate(const rexian_host_api* api) : api_(api) {}
  HostGate(const HostGate&) = delete;
  HostGate& operator=(const HostGate&) = delete;

  // The host's function table.
  const rexian_host_api* api() const { return api_; }

  // Answers `exchange` with `response` unless the gate is closed.
  void Respond(rexian_http_exchange* exchange, const rexian_http_response& response);

  // A host call started / finished (its callback returned or it was refused).
  void BeginCall();
  void EndCall();

  // Waits up to `timeout` for the calls in flight, then closes the gate.
  // Returns how many were still in flight.
  int Close(std::chrono::milliseconds timeout);

 private:
  const rexian_host_api* api_;
  std::shared_mutex respond_mutex_;  // shared by Respond, exclusive by Close
  bool closed_ = false;
  std::mutex flight_mutex_;
  std::condition_variable idle_;
  int in_flight_ = 0;
};

}  // namespace rexian::plugin_kit
