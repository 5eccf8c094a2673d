/* deliver() fails with REXIAN_UNAVAILABLE for the first N calls (config
 * {"failures": N}, default 2), then succeeds. With {"record": "<file>"} each
 * successful delivery appends "<delivery_id> <attempt>\n" to the file, so a
 * test can count deliveries across restarts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rexian/plugin.h"

struct rexian_plugin {
  int failures; /* calls left to fail */
  char record[512];
};

/* The text of a string member `key` or the digits of a number member, found
 * naively: the tests write these configs themselves. */
static const char* member(const char* json, const char* key) {
  char quoted[64];
  snprintf(quoted, sizeof quoted, "\"%s\"", key);
  const char* at = strstr(json, quoted);
  if (at == NULL) return NULL;
  at = strchr(at + strlen(quoted), ':');
  if (at == NULL) return NULL;
  ++at;
  while (*at == ' ') ++at;
  return at;
}

static rexian_status flaky_create(const rexian_host_api* api, rexian_host* host,
                                  const char* config_json, size_t config_len, rexian_plugin** out,
                                  char* error, size_t error_cap) {
  (void)api;
  (void)host;
  (void)config_len;
  (void)error;
  (void)error_cap;
  struct rexian_plugin* plugin = calloc(1, sizeof *plugin);
  if (plugin == NULL) return REXIAN_INTERNAL;
  plugin->failures = 2;
  const char* failures = member(config_json, "failures");
  if (failures != NULL) plugin->failures = atoi(failures);
  const char* record = member(config_json, "record");
  if (record != NULL && *record == '"') {
    const char* end = strchr(record + 1, '"');
    size_t n = end == NULL ? 0 : (size_t)(end - record - 1);
    if (n >= sizeof plugin->record) n = sizeof plugin->record - 1;
    memcpy(plugin->record, record + 1, n);
  }
  *out = plugin;
  return REXIAN_OK;
}

static rexian_status flaky_start(rexian_plugin* plugin, char* error, size_t error_cap) {
  (void)plugin;
  (void)error;
  (void)error_cap;
  return REXIAN_OK;
}

static void flaky_stop(rexian_plugin* plugin) { (void)plugin; }

static void flaky_destroy(rexian_plugin* plugin) { free(plugin); }

static rexian_status flaky_deliver(rexian_plugin* plugin, const rexian_reply* reply, char* error,
                                   size_t error_cap) {
  if (plugin->failures > 0) {
    --plugin->failures;
    snprintf(error, error_cap, "simulated outage (attempt %d)", reply->attempt);
    return REXIAN_UNAVAILABLE;
  }
  if (plugin->record[0] != '\0') {
    FILE* f = fopen(plugin->record, "a");
    if (f == NULL) {
      snprintf(error, error_cap, "cannot open %s", plugin->record);
      return REXIAN_UNAVAILABLE;
    }
    fprintf(f, "%s %d\n", reply->delivery_id, reply->attempt);
    fclose(f);
  }
  return REXIAN_OK;
}

static const rexian_plugin_descriptor k_descriptor = {
    .abi_version = REXIAN_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(rexian_plugin_descriptor),
    .name = "flaky-deliver",
    .version = "1.0.0",
    .create = flaky_create,
    .start = flaky_start,
    .stop = flaky_stop,
    .destroy = flaky_destroy,
    .deliver = flaky_deliver,
};

REXIAN_PLUGIN_EXPORT const rexian_plugin_descriptor* rexian_plugin_entry(void);
const rexian_plugin_descriptor* rexian_plugin_entry(void) { return &k_descriptor; }
