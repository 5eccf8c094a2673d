// The plugin's one exported symbol and the C callbacks of its descriptor.
#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "rexian/plugin.h"
#include "wechat/wechat_plugin.h"

struct rexian_plugin {
  std::unique_ptr<rexian::wechat::WechatPlugin> wechat;
};

namespace {

void WriteError(char* error, size_t error_cap, const std::string& message) {
  if (error == nullptr || error_cap == 0) return;
  std::snprintf(error, error_cap, "%s", message.c_str());
}

rexian_status Create(const rexian_host_api* api, rexian_host* host, const char* config_json,
                     size_t config_len, rexian_plugin** out, char* error, size_t error_cap) {
  try {
    if (api == nullptr || api->struct_size < sizeof(rexian_host_api)) {
      WriteError(error, error_cap, "the host's function table is older than this plugin needs");
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
  } catch (const std::exception& e) {
    WriteError(error, error_cap, std::string("create failed: ") + e.what());
    return REXIAN_INTERNAL;
  }
}

rexian_status Start(rexian_plugin* plugin, char* error, size_t error_cap) {
  try {
    plugin->wechat->Start();
    return REXIAN_OK;
  } catch (const std::exception& e) {
    WriteError(error, error_cap, std::string("start failed: ") + e.what());
    return REXIAN_INTERNAL;
  }
}

void Stop(rexian_plugin* plugin) {
  if (plugin != nullptr && plugin->wechat) plugin->wechat->Stop();
}

void Destroy(rexian_plugin* plugin) { delete plugin; }

rexian_status Deliver(rexian_plugin* plugin, const rexian_reply* reply, char* error,
                      size_t error_cap) {
  try {
    std::string reason;
    rexian_status status = plugin->wechat->Deliver(*reply, &reason);
    if (status != REXIAN_OK) WriteError(error, error_cap, reason);
    return status;
  } catch (const std::exception& e) {
    WriteError(error, error_cap, std::string("deliver failed: ") + e.what());
    return REXIAN_INTERNAL;
  }
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
