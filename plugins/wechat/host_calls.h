// The host's asynchronous calls with C++ callbacks, and the gate that stops
// the plugin answering anything once stop() began.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "rexian/plugin.h"

namespace rexian::wechat {

// A copy of rexian_submit_result that outlives the host's callback.
struct SubmitAnswer {
  rexian_status status = REXIAN_INTERNAL;
  std::string ticket_number;
  bool duplicate = false;
  bool attached = false;
  std::string error_json;  // not OK: the host's error document
};

// Answers exchanges and counts submits in flight. After Close(), nothing is
// answered any more (after stop() a plugin may call no host function but
// log). Thread-safe.
class HostGate {
 public:
  explicit HostGate(const rexian_host_api* api) : api_(api) {}

  // Answers `exchange` unless the gate is closed.
  void Respond(rexian_http_exchange* exchange, int status, const char* content_type,
               const std::string& body);

  // Submits `contact_json`; `done` runs exactly once, on a host thread once
  // the outcome is durable, or before this returns (REXIAN_UNAVAILABLE) when
  // the host refused the call. Counted in flight until `done` returned.
  void Submit(rexian_host* host, const std::string& contact_json,
              std::function<void(const SubmitAnswer&)> done);

  // Waits up to `timeout` for the submits in flight, then closes the gate.
  // Returns how many were still in flight.
  int Close(std::chrono::milliseconds timeout);

 private:
  static void OnSubmitDone(void* user_data, const rexian_submit_result* result);
  void EndSubmit();

  const rexian_host_api* api_;
  std::shared_mutex respond_mutex_;  // shared by Respond, exclusive by Close
  bool closed_ = false;
  std::mutex flight_mutex_;
  std::condition_variable idle_;
  int in_flight_ = 0;
};

}  // namespace rexian::wechat
