// The phone plugin's one exported symbol and the C callbacks of its descriptor.
#include <memory>
#include <string>
#include <string_view>

#include "kit/entry_errors.h"
#include "phone/phone_plugin.h"
#include "rexian/plugin.h"

struct rexian_plugin {
  std::unique_ptr<rexian::phone::PhonePlugin> phone;
};

namespace {

using rexian::plugin_kit::RunCatching;
using rexian::plugin_kit::WriteError;

rexian_status Create(const rexian_host_api* api, rexian_host* host, const char* config_json,
                     size_t config_len, rexian_plugin** out, char* error, size_t error_cap) {
  return RunCatching("create", error, error_cap, [&] {
    std::string why;
    auto phone = rexian::phone::PhonePlugin::Create(
        api, host, std::string_view(config_json, config_len), &why);
    if (!phone) {
      WriteError(error, error_cap, why);
      return REXIAN_INVALID;
    }
    *out = new rexian_plugin{std::move(phone)};
    return REXIAN_OK;
  });
}

rexian_status Start(rexian_plugin* plugin, char* error, size_t error_cap) {
  return RunCatching("start", error, error_cap, [&] {
    plugin->phone->Start();  // connects in the background: an absent Asterisk is retried
    return REXIAN_OK;
  });
}

void Stop(rexian_plugin* plugin) {
  if (plugin != nullptr && plugin->phone) plugin->phone->Stop();
}

void Destroy(rexian_plugin* plugin) { delete plugin; }

const rexian_plugin_descriptor kDescriptor = {
    REXIAN_PLUGIN_ABI_VERSION,
    sizeof(rexian_plugin_descriptor),
    "phone",
    "1.0.0",
    "Phone channel: Asterisk Manager Interface call records, agents' call summaries as work "
    "orders, IVR satisfaction surveys as follow-up ratings",
    &Create,
    &Start,
    &Stop,
    &Destroy,
    nullptr,  // no replies: the phone channel answers citizens by calling them back
};

}  // namespace

extern "C" REXIAN_PLUGIN_EXPORT const rexian_plugin_descriptor* rexian_plugin_entry(void) {
  return &kDescriptor;
}
