/*
 * rexian_plugin_example: a minimal channel plugin, written to be read.
 *
 * It shows every part of the plugin ABI (rexian/plugin.h) a channel needs:
 *
 *   - options declared once in a table, checked in create();
 *   - an HTTP route on rexian's own server, POST <route_prefix>/messages,
 *     taking {"id": "...", "from": "...", "text": "..."} and turning it into
 *     a contact (schemas/contact.schema.json) with submit_contact;
 *   - answering the HTTP request later, from the submit's callback, with the
 *     ticket number the citizen is told;
 *   - deliver(): rexian's replies to citizens, appended as JSON lines to the
 *     file named by `reply_file` (or written to the server log);
 *   - start/stop/destroy and who owns what.
 *
 * Try it (docs/plugin-guide.md has the full walk-through):
 *
 *   plugins:
 *     - name: example
 *       kind: shared
 *       path: rexian_plugin_example.so
 *       config: {reply_file: /tmp/example-replies.jsonl}
 *
 *   curl -d '{"id":"m-1","from":"13800000000","text":"路灯不亮了"}' \
 *        http://127.0.0.1:8345/example/messages
 *
 * Threading: create, start, stop and destroy run on the host's main thread;
 * the route handler on HTTP I/O threads (it must not block, so it only
 * submits and returns); the submit callback on a host store thread; deliver
 * on this plugin's own delivery thread. Apart from the reply file, which
 * only deliver touches, the instance is read-only after create(), so no
 * locks are needed.
 */
#define _POSIX_C_SOURCE 200809L /* gmtime_r, strerror */

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "example_plugin.h"
#include "flat_json.h"
#include "rexian/plugin.h"

/* ------------------------------------------------------------------ options */

/* Every option, once: its name, default (NULL: unset), what it does, and
 * where it lands in the instance. create() fills the defaults, applies the
 * configuration and refuses any other name, so a typo in config/rexian.yaml
 * is an error at start-up rather than a silently ignored setting. */
typedef struct example_option {
  const char* name;
  const char* default_value;
  const char* description;
  size_t offset; /* of the char* member in struct rexian_plugin */
} example_option;

static const example_option k_options[] = {
    {"greeting", "Thank you. Your ticket number is",
     "text put before the ticket number in the answer to the sender",
     offsetof(struct rexian_plugin, greeting)},
    {"route_prefix", "/example", "path prefix of the plugin's route: <route_prefix>/messages",
     offsetof(struct rexian_plugin, route_prefix)},
    {"reply_file", NULL,
     "file that deliver() appends replies to, one JSON object a line; unset: the server log",
     offsetof(struct rexian_plugin, reply_file)},
};
#define OPTION_COUNT (sizeof k_options / sizeof k_options[0])

static char** option_slot(struct rexian_plugin* plugin, const example_option* option) {
  return (char**)((char*)plugin + option->offset);
}

static char* copy_text(const char* text) {
  size_t n = strlen(text) + 1;
  char* copy = malloc(n);
  if (copy != NULL) memcpy(copy, text, n);
  return copy;
}

/* Applies defaults, then the configuration JSON. 0 or -1 with a reason. */
static int read_options(struct rexian_plugin* plugin, const char* config_json, size_t config_len,
                        char* error, size_t error_cap) {
  for (size_t i = 0; i < OPTION_COUNT; ++i) {
    if (k_options[i].default_value == NULL) continue;
    *option_slot(plugin, &k_options[i]) = copy_text(k_options[i].default_value);
  }
  flat_json_object config;
  char reason[200];
  if (flat_json_parse(config_json, config_len, &config, reason, sizeof reason) != 0) {
    snprintf(error, error_cap, "config: %s", reason);
    flat_json_free(&config);
    return -1;
  }
  int result = 0;
  for (size_t m = 0; m < config.count && result == 0; ++m) {
    const example_option* option = NULL;
    for (size_t i = 0; i < OPTION_COUNT; ++i) {
      if (strcmp(k_options[i].name, config.members[m].name) == 0) option = &k_options[i];
    }
    if (option == NULL) {
      snprintf(error, error_cap,
               "config: unknown option \"%s\" (known: greeting, route_prefix, reply_file)",
               config.members[m].name);
      result = -1;
      break;
    }
    char** slot = option_slot(plugin, option);
    free(*slot);
    *slot = copy_text(config.members[m].value);
  }
  flat_json_free(&config);
  if (result != 0) return result;

  /* The route prefix must be a path of its own: "/example", not "example/". */
  const char* prefix = plugin->route_prefix;
  if (prefix == NULL || prefix[0] != '/' || prefix[strlen(prefix) - 1] == '/') {
    snprintf(error, error_cap,
             "config: route_prefix: expected a path starting with '/' and not ending with it");
    return -1;
  }
  return 0;
}

/* ------------------------------------------------------------------ HTTP */

/* Answers `exchange` with a JSON body. The host copies the response before
 * respond() returns, so stack memory is fine. */
static void respond_json(const struct rexian_plugin* plugin, rexian_http_exchange* exchange,
                         int status, const char* body) {
  rexian_http_response response = {0};
  response.struct_size = sizeof response; /* tells the host which fields we filled */
  response.status = status;
  response.content_type = "application/json";
  response.body = body;
  response.body_len = strlen(body);
  plugin->api->respond(exchange, &response);
}

/* One message between the route handler and the submit callback. */
typedef struct pending_message {
  struct rexian_plugin* plugin;
  rexian_http_exchange* exchange;
} pending_message;

/* The outcome of one submit_contact. Runs on a host thread, exactly once,
 * possibly before submit_contact returned; it must not block. `result` and
 * its strings are borrowed for this call only. */
static void on_submitted(void* user_data, const rexian_submit_result* result) {
  pending_message* pending = user_data;
  const struct rexian_plugin* plugin = pending->plugin;
  if (result->status == REXIAN_OK) {
    json_buffer body = {0};
    json_append_raw(&body, "{\"ticket_number\":");
    json_append_string(&body, result->ticket_number);
    json_append_raw(&body, result->duplicate ? ",\"duplicate\":true" : ",\"duplicate\":false");
    json_append_raw(&body, ",\"message\":");
    char message[512];
    snprintf(message, sizeof message, "%s %s", plugin->greeting, result->ticket_number);
    json_append_string(&body, message);
    json_append_raw(&body, "}");
    /* A retry of the same message id gets the same ticket: 200, not 201. */
    respond_json(plugin, pending->exchange, result->duplicate ? 200 : 201,
                 body.failed ? "{}" : body.data);
    json_buffer_free(&body);
  } else {
    /* error_json names each bad field: {"error", "fields": [...], ...}.
     * REXIAN_INVALID contacts were also kept in rexian's quarantine. */
    int status = result->status == REXIAN_INVALID       ? 422
                 : result->status == REXIAN_UNAVAILABLE ? 503
                                                        : 500;
    respond_json(plugin, pending->exchange, status,
                 result->error_json != NULL ? result->error_json : "{\"error\":\"failed\"}");
  }
  free(pending);
}

/* The current time as RFC 3339 UTC, "2025-03-10T09:30:00Z". */
static void now_rfc3339(char* out, size_t cap) {
  time_t now = time(NULL);
  struct tm utc;
  gmtime_r(&now, &utc);
  strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &utc);
}

/* POST <route_prefix>/messages. Runs on an HTTP I/O thread: it must not
 * block, so it builds the contact, submits it and returns; the answer is
 * sent from on_submitted. `request` is borrowed for this call only. */
static void on_message(void* user_data, const rexian_http_request* request,
                       rexian_http_exchange* exchange) {
  struct rexian_plugin* plugin = user_data;
  plugin->api->counter_add(plugin->host, "messages", "Messages received on the example route", 1);

  flat_json_object message;
  char reason[200];
  if (flat_json_parse(request->body, request->body_len, &message, reason, sizeof reason) != 0) {
    flat_json_free(&message);
    json_buffer body = {0};
    json_append_raw(&body, "{\"error\":");
    json_append_string(&body, reason);
    json_append_raw(&body, "}");
    respond_json(plugin, exchange, 400, body.failed ? "{}" : body.data);
    json_buffer_free(&body);
    return;
  }
  const char* id = flat_json_get(&message, "id");
  const char* from = flat_json_get(&message, "from");
  const char* text = flat_json_get(&message, "text");
  if (id == NULL || from == NULL || text == NULL) {
    flat_json_free(&message);
    respond_json(plugin, exchange, 400,
                 "{\"error\":\"expected {\\\"id\\\", \\\"from\\\", \\\"text\\\"}, all strings\"}");
    return;
  }

  /* The contact every channel shares. The message id makes intake
   * idempotent: a sender retrying the same id gets the same ticket. rexian
   * validates everything (empty text, over-long id, ...) and answers with
   * the field at fault, so the plugin need not duplicate the schema. */
  char received_at[32];
  now_rfc3339(received_at, sizeof received_at);
  json_buffer contact = {0};
  json_append_raw(&contact, "{\"channel\":");
  /* The channel is the host's to say (the instance's `channel:` in the
   * configuration); a contact naming another one would be refused. */
  json_append_string(&contact, plugin->api->channel(plugin->host));
  json_append_raw(&contact, ",\"channel_message_id\":");
  json_append_string(&contact, id);
  json_append_raw(&contact, ",\"received_at\":");
  json_append_string(&contact, received_at);
  json_append_raw(&contact, ",\"citizen\":{\"id\":");
  json_append_string(&contact, from);
  json_append_raw(&contact, "},\"text\":");
  json_append_string(&contact, text);
  json_append_raw(&contact, "}");
  flat_json_free(&message);

  pending_message* pending = malloc(sizeof *pending);
  if (contact.failed || pending == NULL) {
    free(pending);
    json_buffer_free(&contact);
    respond_json(plugin, exchange, 500, "{\"error\":\"out of memory\"}");
    return;
  }
  pending->plugin = plugin;
  pending->exchange = exchange;
  rexian_status status = plugin->api->submit_contact(plugin->host, contact.data, contact.length,
                                                     on_submitted, pending);
  json_buffer_free(&contact); /* the host copied it */
  if (status != REXIAN_OK) {
    /* Not accepted (the host is stopping): on_submitted will not run. */
    free(pending);
    respond_json(plugin, exchange, 503, "{\"error\":\"the service is stopping, retry later\"}");
  }
}

/* ------------------------------------------------------------------ lifecycle */

static void free_plugin(struct rexian_plugin* plugin) {
  for (size_t i = 0; i < OPTION_COUNT; ++i) free(*option_slot(plugin, &k_options[i]));
  free(plugin->messages_route);
  free(plugin);
}

/* Reads the options and registers the route. Starts nothing: the host may
 * still refuse to start us (another required plugin failed). */
static rexian_status example_create(const rexian_host_api* api, rexian_host* host,
                                    const char* config_json, size_t config_len,
                                    rexian_plugin** out, char* error, size_t error_cap) {
  /* A host older than the table we were compiled against has fewer
   * functions: check for those we use. (All of them are in version 1.0.) */
  if (api->struct_size < offsetof(rexian_host_api, gauge_set)) {
    snprintf(error, error_cap, "the host's function table is too old for this plugin");
    return REXIAN_INVALID;
  }
  struct rexian_plugin* plugin = calloc(1, sizeof *plugin);
  if (plugin == NULL) {
    snprintf(error, error_cap, "out of memory");
    return REXIAN_INTERNAL;
  }
  plugin->api = api;
  plugin->host = host;
  if (read_options(plugin, config_json, config_len, error, error_cap) != 0) {
    free_plugin(plugin);
    return REXIAN_INVALID;
  }
  size_t route_len = strlen(plugin->route_prefix) + sizeof "/messages";
  plugin->messages_route = malloc(route_len);
  if (plugin->messages_route == NULL) {
    free_plugin(plugin);
    snprintf(error, error_cap, "out of memory");
    return REXIAN_INTERNAL;
  }
  snprintf(plugin->messages_route, route_len, "%s/messages", plugin->route_prefix);

  rexian_status status =
      api->register_route(host, "POST", plugin->messages_route, on_message, plugin);
  if (status != REXIAN_OK) {
    /* The host logged why (a reserved path such as /v1/..., say). */
    snprintf(error, error_cap, "route_prefix: cannot register POST %s", plugin->messages_route);
    free_plugin(plugin);
    return status;
  }
  *out = plugin;
  return REXIAN_OK;
}

/* Opens what the instance needs while running: here, the reply file. */
static rexian_status example_start(rexian_plugin* plugin, char* error, size_t error_cap) {
  if (plugin->reply_file != NULL) {
    plugin->replies = fopen(plugin->reply_file, "a");
    if (plugin->replies == NULL) {
      snprintf(error, error_cap, "reply_file: cannot open \"%s\": %s", plugin->reply_file,
               strerror(errno));
      return REXIAN_INVALID;
    }
  }
  char line[300];
  snprintf(line, sizeof line, "listening on POST %s for channel %s", plugin->messages_route,
           plugin->api->channel(plugin->host));
  plugin->api->log(plugin->host, REXIAN_LOG_INFO, line);
  return REXIAN_OK;
}

/* Nothing of ours runs on other threads, so stopping is closing the file.
 * A plugin with threads of its own joins them here, and stops submitting:
 * after stop() returns only api->log may be called. */
static void example_stop(rexian_plugin* plugin) {
  if (plugin->replies != NULL) {
    fclose(plugin->replies);
    plugin->replies = NULL;
  }
}

/* Frees the instance; after stop(), after a failed start(), or right after
 * create() when the host never started it. */
static void example_destroy(rexian_plugin* plugin) {
  if (plugin->replies != NULL) fclose(plugin->replies); /* never started-then-stopped */
  free_plugin(plugin);
}

/* Tells one citizen something. Runs on this plugin's delivery thread, one
 * reply at a time, so it may block; a real channel would call its
 * messaging service here and pass reply->delivery_id along as the
 * idempotency key, because after a crash the same reply comes again with
 * the same delivery_id. Here: one JSON line in reply_file. */
static rexian_status example_deliver(rexian_plugin* plugin, const rexian_reply* reply,
                                     char* error, size_t error_cap) {
  json_buffer line = {0};
  json_append_raw(&line, "{\"delivery_id\":");
  json_append_string(&line, reply->delivery_id);
  char attempt[32];
  snprintf(attempt, sizeof attempt, ",\"attempt\":%d,\"kind\":", reply->attempt);
  json_append_raw(&line, attempt);
  json_append_string(&line, reply->kind);
  json_append_raw(&line, ",\"ticket_number\":");
  json_append_string(&line, reply->ticket_number);
  json_append_raw(&line, ",\"channel_message_id\":");
  json_append_string(&line, reply->channel_message_id);
  /* citizen_json is personal data: this example writes only the text. */
  json_append_raw(&line, ",\"text\":");
  json_append_string(&line, reply->text);
  json_append_raw(&line, "}");
  if (line.failed) {
    json_buffer_free(&line);
    snprintf(error, error_cap, "out of memory");
    return REXIAN_UNAVAILABLE; /* worth retrying later */
  }

  rexian_status status = REXIAN_OK;
  if (plugin->replies == NULL) {
    plugin->api->log(plugin->host, REXIAN_LOG_INFO, line.data);
  } else if (fprintf(plugin->replies, "%s\n", line.data) < 0 || fflush(plugin->replies) != 0) {
    snprintf(error, error_cap, "reply_file: cannot write \"%s\": %s", plugin->reply_file,
             strerror(errno));
    status = REXIAN_UNAVAILABLE; /* a full disk may be freed: retry */
  }
  json_buffer_free(&line);
  return status;
}

/* ------------------------------------------------------------------ entry */

/* What the plugin is. Static storage: the host keeps the pointer until it
 * unloads the library. Filled by field name, so a reader sees at once which
 * callback is which. */
static const rexian_plugin_descriptor k_descriptor = {
    .abi_version = REXIAN_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(rexian_plugin_descriptor),
    .name = "example",
    .version = "1.0.0",
    .description = "Example channel: POST <route_prefix>/messages, replies to a file",
    .create = example_create,
    .start = example_start,
    .stop = example_stop,
    .destroy = example_destroy,
    .deliver = example_deliver,
};

/* The one exported symbol. Everything else in the library is hidden
 * (-fvisibility=hidden), so plugins never clash with each other or with
 * rexian. */
REXIAN_PLUGIN_EXPORT const rexian_plugin_descriptor* rexian_plugin_entry(void);
const rexian_plugin_descriptor* rexian_plugin_entry(void) {
  return &k_descriptor;
}
