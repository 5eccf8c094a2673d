// WebPlugin: one instance of the web channel plugin, with everything its
// HTTP handlers share.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "rexian/plugin.h"
#include "web/api_keys.h"
#include "web/exchange.h"
#include "web/expected.h"
#include "web/rate_limiter.h"
#include "web/service_catalogue.h"
#include "web/time_text.h"
#include "web/web_options.h"

namespace rexian::web {

// Built in create() and read by handlers on any host I/O thread: everything
// but the rate limiter and the gate (both thread-safe) is immutable.
class WebPlugin {
 public:
  // Reads the options, loads the catalogue from the host's taxonomy and
  // organisation sections and registers the routes. A failure names the
  // option or section.
  static Expected<std::unique_ptr<WebPlugin>> Create(const rexian_host_api* api, rexian_host* host,
                                                     std::string_view config_json);

  WebPlugin(const WebPlugin&) = delete;
  WebPlugin& operator=(const WebPlugin&) = delete;

  // Lets submits in flight finish (up to 3 s), then answers nothing more.
  void Stop();

  const rexian_host_api* api() const { return api_; }
  rexian_host* host() const { return host_; }
  const WebOptions& options() const { return options_; }
  const ServiceCatalogue& catalogue() const { return catalogue_; }
  const ApiKeyRing& keys() const { return keys_; }
  ResponseGate& gate() { return *gate_; }
  // Shared with submits in flight, which may finish after the instance is gone.
  const std::shared_ptr<ResponseGate>& shared_gate() const { return gate_; }
  Seconds created_at() const { return created_at_; }

  // Takes a token for one request: from the API client's bucket when
  // `client` is set (an application's users share its key, and often its
  // gateway's address), else from the remote address's bucket.
  RateLimiter::Decision Admit(const rexian_http_request& request, const ApiClient* client);

  // The current time, whole seconds (UTC).
  static Seconds Now();

  void Log(rexian_log_level level, const std::string& message) const;
  // Adds one to rexian_plugin_<instance>_<name>_total.
  void Count(const char* name, const char* help) const;

 private:
  WebPlugin(const rexian_host_api* api, rexian_host* host, WebOptions options,
            ServiceCatalogue catalogue);

  const rexian_host_api* api_;
  rexian_host* host_;
  WebOptions options_;
  ServiceCatalogue catalogue_;
  ApiKeyRing keys_;
  RateLimiter limiter_;
  std::shared_ptr<ResponseGate> gate_;
  Seconds created_at_;
};

}  // namespace rexian::web
