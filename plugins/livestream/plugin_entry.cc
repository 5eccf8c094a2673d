// The plugin's one exported symbol and the C callbacks of its descriptor.
#include <cstddef>
#include <memory>
#include <string_view>

#include "kit/entry_errors.h"
#include "livestream/live_plugin.h"
#include "livestream/live_routes.h"
#include "rexian/plugin.h"

struct rexian_plugin {
  std::unique_ptr<rexian::live::LivePlugin> live;
};

namespace {

using rexian::plugin_kit::RunCatching;
using rexian::plugin_kit::WriteError;

rexian_status Create(const rexian_host_api* api, rexian_host* host, const char* config_json,
                     size_t config_len, rexian_plugin** out, char* error, size_t error_cap) {
  return RunCatching("create", error, error_cap, [&] {
    // Everything up to `channel` (ABI 1.0); record_event and ticket_command
    // (1.1) are checked by LivePlugin::Create.
    if (!rexian::plugin_kit::HostApiCovers(api, offsetof(rexian_host_api, record_event), error,
                                           error_cap)) {
      return REXIAN_INVALID;
    }
    auto live = rexian::live::LivePlugin::Create(api, host, std::string_view(config_json, config_len));
    if (!live.ok()) {
      WriteError(error, error_cap, live.error());
      return REXIAN_INVALID;
    }
    if (auto registered = rexian::live::RegisterLiveRoutes(live->get()); !registered.ok()) {
      WriteError(error, error_cap, registered.error());
      return REXIAN_INVALID;
    }
    *out = new rexian_plugin{std::move(*live)};
    return REXIAN_OK;
  });
}

// Connectors start with their sessions, not with the plugin.
rexian_status Start(rexian_plugin*, char*, size_t) { return REXIAN_OK; }

void Stop(rexian_plugin* plugin) {
  try {
    if (plugin != nullptr && plugin->live) plugin->live->Stop();
  } catch (...) {
  }
}

void Destroy(rexian_plugin* plugin) { delete plugin; }

const rexian_plugin_descriptor kDescriptor = {
    REXIAN_PLUGIN_ABI_VERSION,
    sizeof(rexian_plugin_descriptor),
    "livestream",
    "1.0.0",
    "Livestream programmes (mayor on air): sessions, comment feeds (WebSocket JSON, Bilibili), "
    "filters, questions to work orders, answered on air or dispatched",
    &Create,
    &Start,
    &Stop,
    &Destroy,
    // No deliver: a viewer is reached on air, not through the platform's
    // comments; the work order's number is read out or shown on screen.
    nullptr,
};

}  // namespace

extern "C" REXIAN_PLUGIN_EXPORT const rexian_plugin_descriptor* rexian_plugin_entry(void) {
  return &kDescriptor;
}
