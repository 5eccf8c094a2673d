// HTTP routes of shared plugins: registration checks, the gate that keeps
// handlers out of a stopped plugin, and the exchanges awaiting an answer.
#pragma once

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "rexian/http.h"
#include "rexian/plugin.h"
#include "rexian/status.h"

namespace rexian {

// Lets a plugin's route handlers run only while the plugin is open. The
// server cannot unregister routes, so each route keeps a reference to its
// gate and answers 503 once the gate is closed; the handler pointers, which
// point into the plugin's library, are never called again. Thread-safe.
class RouteGate {
 public:
  // Runs `call` (which must not block) unless closed; false when closed.
  template <typename Call>
  bool Run(Call&& call) {
    std::shared_lock lock(mu_);
    if (closed_) return false;
    call();
    return true;
  }
  // Closes the gate, waiting for the handlers running now to return.
  void Close() {
    std::unique_lock lock(mu_);
    closed_ = true;
  }

 private:
  std::shared_mutex mu_;
  bool closed_ = false;
};

// OK, or InvalidArgument with the reason: `method` must be an upper-case
// token ("GET"); `pattern` a path of non-empty segments ("/open311/v2/
// requests/{id}", "{name}" a whole segment, name [A-Za-z_][A-Za-z0-9_]*),
// none of ? # whitespace or stray braces, and not one of rexian's own
// paths (/v1 and below, /metrics, /healthz, /readyz and below).
Status CheckPluginRoute(std::string_view method, std::string_view pattern);

// Registers `method` `pattern` on `server`: each request is passed to
// `handler(user_data, request, exchange)` while `gate` is open, on the I/O
// thread; after that it is answered 503. `owner` tags the exchanges (see
// AnswerOutstandingExchanges). REQUIRES: CheckPluginRoute passed.
void AddPluginRoute(HttpServer* server, const std::string& method, const std::string& pattern,
                    rexian_http_handler handler, void* user_data, std::shared_ptr<RouteGate> gate,
                    std::uint64_t owner);

// rexian_host_api.respond. An exchange is a number, not a pointer to memory:
// the first answer removes it from the process-wide table and later calls
// (or calls with a handle never issued) find nothing and are ignored, so a
// plugin can never make the host touch freed memory.
void RespondToExchange(rexian_http_exchange* exchange, const rexian_http_response* response);

// Answers every exchange of `owner` still open with `response`; returns how
// many there were. Called when a plugin stops.
std::size_t AnswerOutstandingExchanges(std::uint64_t owner, const HttpResponse& response);

}  // namespace rexian
