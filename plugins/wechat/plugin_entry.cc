// The plugin's one exported symbol and the C callbacks of its descriptor.
#include <memory>
#include <string>
#include <string_view>

#include "kit/entry_errors.h"
#include "rexian/plugin.h"
#include "wechat/wechat_plugin.h"

struct rexian_plugin {
  std::unique_ptr<rexian::wechat::WechatPlugin> wechat;
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
    auto wechat =
        rexian::wechat::WechatPlugin::Create(api, host, std::string_view(config_json, config_len));
    if (!wechat.ok()) {
      WriteError(error, error_cap, wechat.error());
      return REXIAN_INVALID;
    }
    *out = new rexian_plugin{std::move(*wechat)};
    return REXIAN_OK;
  });
}

rexian_status Start(rexian_plugin* plugin, char* error, size_t error_cap) {
  return RunCatching("start", error, error_cap, [&] {
    plugin->wechat->Start();
    return REXIAN_OK;
  });
}

void Stop(rexian_plugin* plugin) {
  if (plugin != nullptr && plugin->wechat) plugin->wechat->Stop();
}

void Destroy(rexian_plugin* plugin) { delete plugin; }

rexian_status Deliver(rexian_plugin* plugin, const rexian_reply* reply, char* error,
                      size_t error_cap) {
  return RunCatching("deliver", error, error_cap, [&] {
    std::string reason;
    rexian_status status = plugin->wechat->Deliver(*reply, &reason);
    if (status != REXIAN_OK) WriteError(error, error_cap, reason);
    return status;
  });
}

const rexian_plugin_descriptor kDescriptor = {
    REXIAN_PLUGIN_ABI_VERSION,
    sizeof(rexian_plugin_descriptor),
    "wechat",
    "1.0.0",
    "WeChat official accounts: callback verification, plaintext/compatible/safe messages, "
    "passive replies and customer-service messages",
    &Create,
    &Start,
    &Stop,
    &Destroy,
    &Deliver,
};

}  // namespace

extern "C" REXIAN_PLUGIN_EXPORT const rexian_plugin_descriptor* rexian_plugin_entry(void) {
  return &kDescriptor;
}
