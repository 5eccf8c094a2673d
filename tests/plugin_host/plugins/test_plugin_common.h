/* Shared parts of the test plugins: a do-nothing instance and its callbacks.
 * Each test plugin breaks exactly one rule of rexian/plugin.h. */
#ifndef REXIAN_TEST_PLUGIN_COMMON_H_
#define REXIAN_TEST_PLUGIN_COMMON_H_

#include <stdlib.h>

#include "rexian/plugin.h"

struct rexian_plugin {
  const rexian_host_api* api;
  rexian_host* host;
  int deliveries; /* calls of deliver so far */
};

static inline rexian_status quiet_create(const rexian_host_api* api, rexian_host* host,
                                  const char* config_json, size_t config_len, rexian_plugin** out,
                                  char* error, size_t error_cap) {
  (void)config_json;
  (void)config_len;
  (void)error;
  (void)error_cap;
  struct rexian_plugin* plugin = calloc(1, sizeof *plugin);
  if (plugin == NULL) return REXIAN_INTERNAL;
  plugin->api = api;
  plugin->host = host;
  *out = plugin;
  return REXIAN_OK;
}

static inline rexian_status quiet_start(rexian_plugin* plugin, char* error, size_t error_cap) {
  (void)plugin;
  (void)error;
  (void)error_cap;
  return REXIAN_OK;
}

static inline void quiet_stop(rexian_plugin* plugin) { (void)plugin; }

static inline void quiet_destroy(rexian_plugin* plugin) { free(plugin); }

#endif /* REXIAN_TEST_PLUGIN_COMMON_H_ */
