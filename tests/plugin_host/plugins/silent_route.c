/* Registers GET /silent/{what} and never answers its requests: the host must
 * answer them 500 when it stops the plugin. */
#include "test_plugin_common.h"

static void ignore_request(void* user_data, const rexian_http_request* request,
                           rexian_http_exchange* exchange) {
  (void)user_data;
  (void)request;
  (void)exchange;
}

static rexian_status silent_create(const rexian_host_api* api, rexian_host* host,
                                   const char* config_json, size_t config_len,
                                   rexian_plugin** out, char* error, size_t error_cap) {
  rexian_status status = quiet_create(api, host, config_json, config_len, out, error, error_cap);
  if (status != REXIAN_OK) return status;
  status = api->register_route(host, "GET", "/silent/{what}", ignore_request, *out);
  if (status != REXIAN_OK) quiet_destroy(*out);
  return status;
}

static const rexian_plugin_descriptor k_descriptor = {
    .abi_version = REXIAN_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(rexian_plugin_descriptor),
    .name = "silent-route",
    .version = "1.0.0",
    .create = silent_create,
    .start = quiet_start,
    .stop = quiet_stop,
    .destroy = quiet_destroy,
};

REXIAN_PLUGIN_EXPORT const rexian_plugin_descriptor* rexian_plugin_entry(void);
const rexian_plugin_descriptor* rexian_plugin_entry(void) { return &k_descriptor; }
