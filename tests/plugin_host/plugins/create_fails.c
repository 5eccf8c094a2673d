/* create() refuses its configuration with a message naming the option. */
#include <stdio.h>

#include "test_plugin_common.h"

static rexian_status failing_create(const rexian_host_api* api, rexian_host* host,
                                    const char* config_json, size_t config_len,
                                    rexian_plugin** out, char* error, size_t error_cap) {
  (void)api;
  (void)host;
  (void)config_json;
  (void)config_len;
  (void)out;
  snprintf(error, error_cap, "app_secret: required option missing");
  return REXIAN_INVALID;
}

static const rexian_plugin_descriptor k_descriptor = {
    .abi_version = REXIAN_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(rexian_plugin_descriptor),
    .name = "create-fails",
    .version = "1.0.0",
    .create = failing_create,
    .start = quiet_start,
    .stop = quiet_stop,
    .destroy = quiet_destroy,
};

REXIAN_PLUGIN_EXPORT const rexian_plugin_descriptor* rexian_plugin_entry(void);
const rexian_plugin_descriptor* rexian_plugin_entry(void) { return &k_descriptor; }
