// Answering HTTP exchanges through the host, and reading requests.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kit/host_gate.h"
#include "rexian/plugin.h"

namespace rexian::web {

// One HTTP answer as the plugin builds it.
struct HttpAnswer {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// The plugin kit's HostGate (kit/host_gate.h) answering HttpAnswers: the
// one way the plugin answers exchanges, closed when it stops. Thread-safe.
class ResponseGate : public plugin_kit::HostGate {
 public:
  using HostGate::HostGate;
  using HostGate::Respond;

  // Answers `exchange` with `answer` unless the gate is closed.
  void Respond(rexian_http_exchange* exchange, const HttpAnswer& answer);
};

// The value of the first header named `name` (case-insensitive), or "".
std::string_view HeaderOf(const rexian_http_request& request, std::string_view name);

// The client's address without the port: "127.0.0.1" for "127.0.0.1:53422",
// "::1" for "[::1]:53422".
std::string RemoteHost(const rexian_http_request& request);

}  // namespace rexian::web
