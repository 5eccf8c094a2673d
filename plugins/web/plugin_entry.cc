// The plugin's one exported symbol and the C callbacks of its descriptor.
#include <memory>
#include <string_view>

#include "kit/entry_errors.h"
#include "rexian/plugin.h"
#include "web/web_plugin.h"

struct rexian_plugin {
  std::unique_ptr<rexian::web::WebPlugin> web;
};

namespace {

using rexian::plugin_kit::RunCatching;
using rexian::plugin_kit::WriteError;

rexian_status Create(const rexian_host_api* api, rexian_host* host, const char* config_json,
                     size_t config_len, rexian_plugin** out, char* error, size_t error_cap) {
  return RunCatching("create", error, error_cap, [&] {
    if (!rexian::plugin_kit::HostApiCovers(api, sizeof(rexian_host_api), error, error_cap)) {
      return REXIAN_INVALID;
    }
    auto web = rexian::web::WebPlugin::Create(api, host, std::string_view(config_json, config_len));
    if (!web.ok()) {
      WriteError(error, error_cap, web.error());
      return REXIAN_INVALID;
    }
    *out = new rexian_plugin{std::move(*web)};
    return REXIAN_OK;
  });
}

// Nothing to start: the routes were registered in create() and the plugin
// has no threads of its own.
rexian_status Start(rexian_plugin*, char*, size_t) { return REXIAN_OK; }

void Stop(rexian_plugin* plugin) {
  if (plugin != nullptr && plugin->web) plugin->web->Stop();
}

void Destroy(rexian_plugin* plugin) { delete plugin; }

const rexian_plugin_descriptor kDescriptor = {
    REXIAN_PLUGIN_ABI_VERSION,
    sizeof(rexian_plugin_descriptor),
    "web",
    "1.0.0",
    "Web channel: a JSON form endpoint for the city's web site and Open311 GeoReport v2",
    &Create,
    &Start,
    &Stop,
    &Destroy,
    // No deliver: the web has no way to reach a citizen. The web site and
    // Open311 clients poll the request (status and status_notes) instead.
    nullptr,
};

}  // namespace

extern "C" REXIAN_PLUGIN_EXPORT const rexian_plugin_descriptor* rexian_plugin_entry(void) {
  return &kDescriptor;
}
