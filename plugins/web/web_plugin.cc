// WebPlugin creation: options, catalogue, routes.
#include "web/web_plugin.h"

#include "web/form_route.h"
#include "web/open311_routes.h"

namespace rexian::web {
namespace {

void CollectJson(void* user_data, const char* json, size_t json_len) {
  static_cast<std::string*>(user_data)->assign(json, json_len);
}

Expected<std::string> HostSection(const rexian_host_api* api, rexian_host* host, const char* name) {
  std::string text;
  if (api->config_section(host, name, &CollectJson, &text) != REXIAN_OK) {
    return Failure{std::string("the host has no configuration section '") + name + "'"};
  }
  return text;
}

}  // namespace

WebPlugin::WebPlugin(const rexian_host_api* api, rexian_host* host, WebOptions options,
                     ServiceCatalogue catalogue)
    : api_(api),
      host_(host),
      options_(std::move(options)),
      catalogue_(std::move(catalogue)),
      keys_(options_.api_keys),
      limiter_(static_cast<std::size_t>(options_.max_tracked_clients)),
      gate_(std::make_shared<ResponseGate>(api)),
      created_at_(Now()) {}

Expected<std::unique_ptr<WebPlugin>> WebPlugin::Create(const rexian_host_api* api, rexian_host* host,
                                                       std::string_view config_json) {
  auto options = ParseWebOptions(config_json);
  if (!options.ok()) return Failure{options.error()};
  // The instance's channel is the host's configuration (`channel:` of its
  // `plugins:` entry): contacts naming another one would be refused.
  options->channel = api->channel(host);
  auto taxonomy = HostSection(api, host, "taxonomy");
  if (!taxonomy.ok()) return Failure{taxonomy.error()};
  auto organisation = HostSection(api, host, "organisation");
  if (!organisation.ok()) return Failure{organisation.error()};
  auto catalogue = ServiceCatalogue::FromHostSections(*taxonomy, *organisation, options->language);
  if (!catalogue.ok()) return Failure{catalogue.error()};

  std::unique_ptr<WebPlugin> plugin(
      new WebPlugin(api, host, std::move(*options), std::move(*catalogue)));
  if (plugin->options_.form_enabled) {
    if (auto registered = RegisterFormRoute(plugin.get()); !registered.ok()) {
      return Failure{registered.error()};
    }
  }
  if (plugin->options_.open311_enabled) {
    if (auto registered = RegisterOpen311Routes(plugin.get()); !registered.ok()) {
      return Failure{registered.error()};
    }
  }
  return plugin;
}

void WebPlugin::Stop() {
  int left = gate_->Close(std::chrono::seconds(3));
  if (left > 0) {
    Log(REXIAN_LOG_WARN, std::to_string(left) + " submits were still in flight at stop; their "
                                                "requests are answered by the host");
  }
}

RateLimiter::Decision WebPlugin::Admit(const rexian_http_request& request, const ApiClient* client) {
  if (client != nullptr) {
    double rate = client->rate > 0 ? client->rate : options_.key_rate;
    double burst = client->burst > 0 ? client->burst : options_.key_burst;
    return limiter_.Take("key:" + client->client, rate, burst);
  }
  return limiter_.Take("ip:" + RemoteHost(request), options_.ip_rate, options_.ip_burst);
}

Seconds WebPlugin::Now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

void WebPlugin::Log(rexian_log_level level, const std::string& message) const {
  api_->log(host_, level, message.c_str());
}

void WebPlugin::Count(const char* name, const char* help) const {
  api_->counter_add(host_, name, help, 1.0);
}

}  // namespace rexian::web
