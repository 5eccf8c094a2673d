// Answering HTTP exchanges through the host, and reading requests.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rexian/plugin.h"

namespace rexian::web {

// One HTTP answer as the plugin builds it.
struct HttpAnswer {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// The one way the plugin answers exchanges. Once Close() returned, nothing
// is answered any more (after stop() a plugin may call no host function
// but log). Also counts the submits in flight so that stop can let them
// finish first. Thread-safe.
class ResponseGate {
 public:
  explicit ResponseGate(const rexian_host_api* api) : api_(api) {}

  // Answers `exchange` unless the gate is closed.
  void Respond(rexian_http_exchange* exchange, const HttpAnswer& answer);

  // A submit started / finished (its answer was given or dropped).
  void BeginSubmit();
  void EndSubmit();

  // Waits up to `timeout` for the submits in flight, then closes the gate.
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

// The value of the first header named `name` (case-insensitive), or "".
std::string_view HeaderOf(const rexian_http_request& request, std::string_view name);

// The client's address without the port: "127.0.0.1" for "127.0.0.1:53422",
// "::1" for "[::1]:53422".
std::string RemoteHost(const rexian_http_request& request);

}  // namespace rexian::web
