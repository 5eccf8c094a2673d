/* A plugin built for a future ABI major (2.0): the host must refuse it. */
#include "test_plugin_common.h"

static const rexian_plugin_descriptor k_descriptor = {
    .abi_version = (uint32_t)(2u << 16),
    .struct_size = sizeof(rexian_plugin_descriptor),
    .name = "wrong-abi",
    .version = "1.0.0",
    .create = quiet_create,
    .start = quiet_start,
    .stop = quiet_stop,
    .destroy = quiet_destroy,
};

REXIAN_PLUGIN_EXPORT const rexian_plugin_descriptor* rexian_plugin_entry(void);
const rexian_plugin_descriptor* rexian_plugin_entry(void) { return &k_descriptor; }
