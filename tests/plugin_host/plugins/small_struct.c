/* A descriptor claiming to be smaller than version 1's: the host must refuse it. */
#include "test_plugin_common.h"

static const rexian_plugin_descriptor k_descriptor = {
    .abi_version = REXIAN_PLUGIN_ABI_VERSION,
    .struct_size = 24,
    .name = "small-struct",
    .version = "1.0.0",
    .create = quiet_create,
    .start = quiet_start,
    .stop = quiet_stop,
    .destroy = quiet_destroy,
};

REXIAN_PLUGIN_EXPORT const rexian_plugin_descriptor* rexian_plugin_entry(void);
const rexian_plugin_descriptor* rexian_plugin_entry(void) { return &k_descriptor; }
