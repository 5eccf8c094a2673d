/* stop() takes 3 seconds, far longer than the stop_timeout the tests give it. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <time.h>

#include "test_plugin_common.h"

static void slow_stop(rexian_plugin* plugin) {
  (void)plugin;
  struct timespec three_seconds = {3, 0};
  nanosleep(&three_seconds, NULL);
}

static const rexian_plugin_descriptor k_descriptor = {
    .abi_version = REXIAN_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(rexian_plugin_descriptor),
    .name = "slow-stop",
    .version = "1.0.0",
    .create = quiet_create,
    .start = quiet_start,
    .stop = slow_stop,
    .destroy = quiet_destroy,
};

REXIAN_PLUGIN_EXPORT const rexian_plugin_descriptor* rexian_plugin_entry(void);
const rexian_plugin_descriptor* rexian_plugin_entry(void) { return &k_descriptor; }
