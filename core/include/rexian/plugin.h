/*
 * rexian/plugin.h: the C ABI between rexian and an in-process channel plugin.
 *
 * A channel plugin turns one channel's traffic (web forms, WeChat callbacks,
 * telephony events, livestream comments, ...) into contacts, the JSON
 * document every channel shares (schemas/contact.schema.json), and delivers
 * rexian's replies back to citizens on that channel.
 *
 * A plugin is a shared library exporting one symbol, REXIAN_PLUGIN_ENTRY_NAME:
 *
 *     REXIAN_PLUGIN_EXPORT const rexian_plugin_descriptor* rexian_plugin_entry(void);
 *
 * The host calls it once after dlopen and reads the descriptor. From then on
 * the two sides talk only through the descriptor's callbacks and the host's
 * function table (rexian_host_api). The rules, modelled on SQLite's loadable
 * extensions:
 *
 *  - Plain C. No C++ type, exception or host allocation crosses the
 *    boundary. Every pointer the host passes is owned by the host and valid
 *    only for the duration of the call that receives it, unless a comment
 *    says otherwise; a plugin copies what it keeps. Likewise every pointer a
 *    plugin passes to the host is owned by the plugin and only borrowed for
 *    the call.
 *  - Strings are UTF-8. Those with a length are not necessarily
 *    NUL-terminated; those without (const char*) are.
 *  - Both structs only ever grow at the end. Each starts with `struct_size`
 *    (its size as the other side was compiled); a reader never touches a
 *    member beyond it. The host refuses a plugin whose abi_version differs in
 *    its major part or whose descriptor is smaller than version 1's.
 *  - Callbacks into the plugin must not throw or longjmp across the boundary,
 *    and must return; which of them may block is stated on each.
 *
 * A complete, commented example lives in plugins/example/; building one out
 * of tree is described in docs/plugin-guide.md. `rexian plugin check
 * <plugin.so>` runs a plugin through a standard scenario.
 */
#ifndef REXIAN_PLUGIN_H_
#define REXIAN_PLUGIN_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ABI version: major in the high 16 bits, minor in the low 16. The host
 * accepts a plugin with the same major and any minor: a newer minor only
 * added members at the end of the structs below. */
#define REXIAN_PLUGIN_ABI_MAJOR 1
#define REXIAN_PLUGIN_ABI_MINOR 1
#define REXIAN_PLUGIN_ABI_VERSION ((REXIAN_PLUGIN_ABI_MAJOR << 16) | REXIAN_PLUGIN_ABI_MINOR)

/* The name of the one exported entry symbol. */
#define REXIAN_PLUGIN_ENTRY_NAME "rexian_plugin_entry"

#if defined(_WIN32)
#define REXIAN_PLUGIN_EXPORT __declspec(dllexport)
#else
#define REXIAN_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/* Result codes of the calls both ways. Anything not REXIAN_OK comes with a
 * message (an error buffer or a JSON document) naming what was wrong. */
typedef enum rexian_status {
  REXIAN_OK = 0,
  REXIAN_INVALID = 1,     /* bad argument or input: do not retry unchanged */
  REXIAN_NOT_FOUND = 2,   /* no such ticket, route, section, ... */
  REXIAN_UNAVAILABLE = 3, /* temporarily impossible (store full, shutting down, peer down): retry later */
  REXIAN_INTERNAL = 4     /* a bug or an unexpected failure */
} rexian_status;

/* Log levels for rexian_host_api.log. */
typedef enum rexian_log_level {
  REXIAN_LOG_DEBUG = 0,
  REXIAN_LOG_INFO = 1,
  REXIAN_LOG_WARN = 2,
  REXIAN_LOG_ERROR = 3
} rexian_log_level;

/* Opaque handles. */
typedef struct rexian_plugin rexian_plugin;             /* one plugin instance, the plugin's own */
typedef struct rexian_host rexian_host;                 /* the host's view of one plugin instance */
typedef struct rexian_http_exchange rexian_http_exchange; /* one HTTP request awaiting its answer */

/* ------------------------------------------------------------------ results */

/* What the host answers to one submitted contact. Borrowed: valid during the
 * rexian_submit_done call only. */
typedef struct rexian_submit_result {
  size_t struct_size;
  rexian_status status;      /* REXIAN_OK: accepted, durable in the log */
  const char* ticket_number; /* OK: the work-order number to tell the citizen; else NULL */
  const char* ticket_id;     /* OK: "ticket-<number>"; else NULL */
  int duplicate;             /* OK: 1 when this (channel, channel_message_id) was already
                                accepted; the ticket is the original one, nothing new written */
  int attached;              /* OK: 1 when the contact was added to an open ticket of the same
                                citizen (a follow-up) instead of opening a new one */
  const char* error_json;    /* not OK: {"error": "...", "fields": [{"field": "/citizen/id",
                                "message": "..."}], "quarantine_id": "..."}; else NULL.
                                REXIAN_INVALID contacts are kept in the quarantine. */
} rexian_submit_result;

/* Receives the answer to one submit_contact. Called exactly once per
 * accepted call, from a host thread (possibly before submit_contact returns);
 * must not block. */
typedef void (*rexian_submit_done)(void* user_data, const rexian_submit_result* result);

/* What the host answers to one record_event or ticket_command (ABI 1.1).
 * Borrowed: valid during the rexian_call_done call only. */
typedef struct rexian_call_result {
  size_t struct_size;
  rexian_status status;    /* REXIAN_OK: durable in the log */
  uint64_t position;       /* OK: log position of the (last) event written, or of the original
                              when duplicate; 0 when the command wrote nothing */
  int duplicate;           /* OK: 1 when the event id / idempotency key was already used:
                              nothing new was written */
  const char* result_json; /* OK: ticket_command: {"id", "number", "version", "events": [...]};
                              record_event: {"stream", "version"}; else NULL */
  const char* error_json;  /* not OK: {"error": code, "message": "...", "status": http status,
                              "fields": [{"field", "message"}]} naming what was wrong; code is
                              the HTTP API's problem type (not_found, forbidden, invalid_state,
                              invalid_request, unprocessable, unavailable, ...); a version
                              conflict is REXIAN_UNAVAILABLE with {"error": "conflict",
                              "current_version": n, ...}; else NULL */
} rexian_call_result;

/* Receives the answer to one record_event or ticket_command. Called exactly
 * once per call that returned REXIAN_OK, from a host thread (possibly
 * before the call returns); must not block. */
typedef void (*rexian_call_done)(void* user_data, const rexian_call_result* result);

/* Receives a JSON document the host produced (config sections, tickets).
 * Called synchronously, before the function it was passed to returns; the
 * text is borrowed. */
typedef void (*rexian_json_sink)(void* user_data, const char* json, size_t json_len);

/* ------------------------------------------------------------------ HTTP */

typedef struct rexian_http_header {
  const char* name;
  size_t name_len;
  const char* value;
  size_t value_len;
} rexian_http_header;

/* One request on a route the plugin registered. Borrowed: valid during the
 * handler call only. */
typedef struct rexian_http_request {
  size_t struct_size;
  const char* method;          /* "GET", "POST", ... */
  const char* path;            /* decoded path, "/open311/v2/requests.json" */
  const char* query;           /* raw query string without '?', "" when none */
  const rexian_http_header* headers;
  size_t header_count;         /* in arrival order */
  const char* body;
  size_t body_len;
  const char* remote_address;  /* "127.0.0.1:53422": the client, for rate limits */
  const char* const* param_names;  /* "{name}" segments of the route pattern ... */
  const char* const* param_values; /* ... and their decoded values */
  size_t param_count;
} rexian_http_request;

/* An answer. Borrowed by the host during respond(). The host adds
 * Content-Length, Server and Connection; `headers` must not repeat them. */
typedef struct rexian_http_response {
  size_t struct_size;
  int status;                /* 100..599 */
  const char* content_type;  /* NULL: "application/json" */
  const rexian_http_header* headers;
  size_t header_count;
  const char* body;
  size_t body_len;
} rexian_http_response;

/* Handles one request. Runs on a host I/O thread: must not block (no network
 * calls, no waiting on submit results). Answer with host->respond(exchange,
 * ...) exactly once, now or later from any thread (e.g. from a
 * rexian_submit_done callback). An exchange never answered is answered 500
 * when the host stops the plugin. */
typedef void (*rexian_http_handler)(void* user_data, const rexian_http_request* request,
                                    rexian_http_exchange* exchange);

/* ------------------------------------------------------------------ replies */

/* A message for one citizen, for the plugin to deliver on its channel.
 * Borrowed: valid during deliver() only. */
typedef struct rexian_reply {
  size_t struct_size;
  const char* delivery_id;        /* stable id of this reply: a retry after a failure or a
                                     crash carries the same id; a channel that can, uses it
                                     to drop duplicates */
  int attempt;                    /* 1 for the first try, then 2, 3, ... */
  const char* kind;               /* "acknowledgement" | "resolution" | "rating_request" */
  const char* ticket_number;
  const char* channel_message_id; /* the contact the ticket came from ("" if none) */
  const char* citizen_json;       /* {"id": ..., "name"?, "phone"?, "wechat_openid"?,
                                     "email"?}: personal data, handle with care */
  const char* text;               /* what to tell the citizen, in Chinese */
} rexian_reply;

/* ------------------------------------------------------------------ host table */

/* The functions the host offers one plugin instance. The table and `host`
 * stay valid from create() until destroy() returns. Every function is
 * thread-safe unless stated otherwise. */
typedef struct rexian_host_api {
  size_t struct_size;
  uint32_t abi_version; /* the host's REXIAN_PLUGIN_ABI_VERSION */

  /* Writes one line to the server log, prefixed with the plugin's name.
   * Never blocks for long. */
  void (*log)(rexian_host* host, rexian_log_level level, const char* message);

  /* Submits one contact (a JSON object per schemas/contact.schema.json). The
   * host validates it, opens or finds the work order and calls `done` once
   * the outcome is durable. Returns REXIAN_OK when `done` will be called
   * (it may be called before this returns), or REXIAN_UNAVAILABLE without
   * calling it when the host is stopping. Never blocks. Safe from any
   * thread, including the plugin's own threads and HTTP handlers. */
  rexian_status (*submit_contact)(rexian_host* host, const char* contact_json, size_t contact_len,
                                  rexian_submit_done done, void* user_data);

  /* Registers `handler` for `method` and `pattern` on the host's HTTP server
   * ("/open311/v2/requests/{id}"; "{name}" matches one path segment). Only
   * during create() or start(). Returns REXIAN_INVALID for a malformed
   * pattern or one owned by rexian itself (/v1/..., /metrics, /healthz,
   * /readyz). `user_data` is passed back to every call of `handler`. */
  rexian_status (*register_route)(rexian_host* host, const char* method, const char* pattern,
                                  rexian_http_handler handler, void* user_data);

  /* Answers an exchange; the first call wins, later ones are ignored.
   * Any thread. The response is copied before this returns. */
  void (*respond)(rexian_http_exchange* exchange, const rexian_http_response* response);

  /* Adds `delta` (>= 0) to the counter rexian_plugin_<plugin>_<name>_total,
   * created on first use with `help`. `name` matches [a-z][a-z0-9_]*. */
  void (*counter_add)(rexian_host* host, const char* name, const char* help, double delta);

  /* Sets the gauge rexian_plugin_<plugin>_<name>. */
  void (*gauge_set)(rexian_host* host, const char* name, const char* help, double value);

  /* Hands one section of the server's configuration to `sink` as JSON:
   * "taxonomy" (types and domains with sub-categories), "organisation"
   * (platforms and departments), "server" ({"utc_offset_minutes": ...}).
   * REXIAN_NOT_FOUND for another name. */
  rexian_status (*config_section)(rexian_host* host, const char* section, rexian_json_sink sink,
                                  void* user_data);

  /* Hands the public view of one ticket to `sink`: the document of GET
   * /v1/tickets/{id} without personal data, plus "reply" (the latest
   * department reply, or null) and "district_code". `id_or_number` is
   * "ticket-<number>" or the number. REXIAN_NOT_FOUND when unknown. Reads a
   * local view: may be a few milliseconds behind an accepted submit. */
  rexian_status (*get_ticket)(rexian_host* host, const char* id_or_number, rexian_json_sink sink,
                              void* user_data);

  /* Hands {"items": [ticket as in get_ticket, ...], "next": cursor|null} to
   * `sink`, newest first. `query_json` is an object with optional members
   * "channel", "status" ("open" = not closed or merged, "closed", or a
   * ticket status name), "type", "domain", "subcategory", "platform",
   * "department", "opened_from" / "opened_to" (RFC 3339, [from, to)),
   * "limit" (1..1000, default 50) and "cursor". REXIAN_INVALID with the
   * reason in `sink`'s JSON ({"error": ...}) for a bad query. */
  rexian_status (*list_tickets)(rexian_host* host, const char* query_json, rexian_json_sink sink,
                                void* user_data);

  /* Looks up the contact (this plugin's channel, `channel_message_id`) and
   * hands {"ticket_number": ..., "ticket_id": ...} to `sink`; NOT_FOUND when
   * no such contact was accepted (yet). */
  rexian_status (*find_contact)(rexian_host* host, const char* channel,
                                const char* channel_message_id, rexian_json_sink sink,
                                void* user_data);

  /* The instance's configured channel (`channel:` of its `plugins:` entry,
   * default its name): the channel its contacts must name. Valid until
   * destroy() returns. */
  const char* (*channel)(rexian_host* host);

  /* ---- ABI 1.1: check api->struct_size before using these (a 1.0 host
   * has none). ---- */

  /* Appends one event of the plugin's own channel records to the log: call
   * records of a telephony plugin, sessions of a livestream plugin, ...
   * `event_type` must be a type the host allows plugins to write ("call.*",
   * "live.*") and have a schema in schemas/events/<type>/; `stream` must be
   * "<first segment of the type>-<key>" ("call-1700000000.42",
   * "live-2025-03-01-mayor"), key [A-Za-z0-9._:-]{1,96}. `payload_json` is
   * validated against the schema (personal fields are sealed as for any
   * event: when the payload has a "citizen" object with a string "id", the
   * channel's citizen id, they are sealed under the pseudonym intake gives
   * that citizen on this plugin's channel). `event_id` (non-empty, at most
   * 200 bytes, scoped to the plugin instance) makes the call idempotent:
   * repeating it writes nothing and answers duplicate with the original
   * position. Appended with expected version "any"; the metadata's actor
   * is "plugin:<instance>" in the instance's actor_role. Returns
   * REXIAN_OK when `done` will be called; REXIAN_INVALID (without calling
   * `done`) for a type or stream the plugin may not write, REXIAN_UNAVAILABLE
   * when the host is stopping. Never waits for the append; the checks, the
   * validation and (for a citizen new to the host) the creation of their
   * key run on the calling thread. */
  rexian_status (*record_event)(rexian_host* host, const char* stream, const char* event_type,
                                const char* payload_json, size_t payload_len, const char* event_id,
                                rexian_call_done done, void* user_data);

  /* Runs one work-order command, as POST /v1/tickets/{ticket}/{action} with
   * `body_json` would: `ticket` is "ticket-<number>" or the number, `action`
   * one of the API's actions ("follow-up", "note", "answer", "dispatch",
   * ...), the body as documented in schemas/openapi.yaml, plus an optional
   * "expected_version" (integer >= 1) standing for the API's If-Match. The
   * actor is the plugin instance (user "plugin:<instance>") with the
   * role of its `plugins[].actor_role` (default "integrator"; the domain
   * decides what that role may do). `idempotency_key` (may be NULL or "")
   * makes a retry write nothing twice. Returns REXIAN_OK when `done` will be
   * called; REXIAN_UNAVAILABLE when the host is stopping. Never blocks. */
  rexian_status (*ticket_command)(rexian_host* host, const char* ticket, const char* action,
                                  const char* body_json, size_t body_len,
                                  const char* idempotency_key, rexian_call_done done,
                                  void* user_data);

  /* New functions are added here, at the end, with a minor version bump. */
} rexian_host_api;

/* ------------------------------------------------------------------ descriptor */

/* What a plugin is. Static storage in the plugin: the host reads it after
 * the entry call and keeps the pointer until it unloads the library. */
typedef struct rexian_plugin_descriptor {
  uint32_t abi_version; /* REXIAN_PLUGIN_ABI_VERSION the plugin was built with */
  uint32_t struct_size; /* sizeof(rexian_plugin_descriptor) as the plugin was built */
  const char* name;     /* [a-z][a-z0-9_-]*, e.g. "web"; also the default channel name */
  const char* version;  /* the plugin's own version, "1.2.0" */
  const char* description;

  /* Creates an instance from its configuration (a JSON object: the plugin's
   * `config:` block of config/rexian.yaml, {} when none). Checks the
   * configuration and may register routes; must not start threads or
   * connect yet. On success stores the instance in *out and returns
   * REXIAN_OK; otherwise writes a NUL-terminated reason (at most error_cap
   * bytes, naming the option) to `error` and returns another code. Called
   * once, on the host's main thread; may block briefly (reading files). */
  rexian_status (*create)(const rexian_host_api* api, rexian_host* host, const char* config_json,
                          size_t config_len, rexian_plugin** out, char* error, size_t error_cap);

  /* Starts the instance: threads, connections, timers. May block for up to
   * a few seconds; failure as in create(). Called once after create(). */
  rexian_status (*start)(rexian_plugin* plugin, char* error, size_t error_cap);

  /* Asks the instance to stop: close connections, join its threads, answer
   * no more submits. Blocks until done; the host waits for it up to the
   * plugin's stop_timeout and reports a plugin that overruns. After stop()
   * no host function but log may be called. */
  void (*stop)(rexian_plugin* plugin);

  /* Frees the instance. Called once, after stop() (or after a failed
   * start()); nothing of the instance may run afterwards. */
  void (*destroy)(rexian_plugin* plugin);

  /* Delivers one reply to a citizen on this channel. Called on a host
   * delivery thread dedicated to this plugin, one reply at a time; may
   * block (network calls) but should give up within 10 seconds. Returns
   * REXIAN_OK once the channel accepted the message; REXIAN_UNAVAILABLE for
   * a failure worth retrying later (the host retries with backoff, with the
   * same delivery_id); REXIAN_INVALID when it can never succeed (the citizen
   * is unreachable on this channel). A reason goes to `error` as in create().
   * NULL: the plugin cannot send replies (the host records that and does
   * not retry). */
  rexian_status (*deliver)(rexian_plugin* plugin, const rexian_reply* reply, char* error,
                           size_t error_cap);

  /* New callbacks are added here, at the end, with a minor version bump. */
} rexian_plugin_descriptor;

/* The signature of the entry symbol. */
typedef const rexian_plugin_descriptor* (*rexian_plugin_entry_fn)(void);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* REXIAN_PLUGIN_H_ */
