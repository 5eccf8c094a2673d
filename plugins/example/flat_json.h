/*
 * flat_json: just enough JSON for the example plugin, in plain C11.
 *
 * The example reads two kinds of documents: its configuration and the body
 * of POST <route_prefix>/messages. Both are one flat object whose values are
 * strings. A real plugin would use a full JSON library (cJSON, yyjson,
 * jansson, ...); the example keeps to libc so that it builds anywhere the
 * header does.
 */
#ifndef REXIAN_EXAMPLE_FLAT_JSON_H_
#define REXIAN_EXAMPLE_FLAT_JSON_H_

#include <stddef.h>

/* One "name": "value" member, both decoded and NUL-terminated, malloc'ed. */
typedef struct flat_json_member {
  char* name;
  char* value;
} flat_json_member;

/* A parsed object: up to FLAT_JSON_MAX_MEMBERS members in document order. */
#define FLAT_JSON_MAX_MEMBERS 16
typedef struct flat_json_object {
  flat_json_member members[FLAT_JSON_MAX_MEMBERS];
  size_t count;
} flat_json_object;

/* Parses `text` (`len` bytes, need not be terminated) as an object whose
 * values are all strings. Returns 0 and fills *out, or -1 with a reason in
 * `error` (at most error_cap bytes, terminated). Free *out with
 * flat_json_free, whatever the result. */
int flat_json_parse(const char* text, size_t len, flat_json_object* out, char* error,
                    size_t error_cap);

/* The value of member `name`, or NULL. */
const char* flat_json_get(const flat_json_object* object, const char* name);

void flat_json_free(flat_json_object* object);

/* A growing, NUL-terminated text buffer for writing JSON. */
typedef struct json_buffer {
  char* data;
  size_t length;
  size_t capacity;
  int failed; /* set when an allocation failed; the text is then incomplete */
} json_buffer;

/* Appends `text` as is. */
void json_append_raw(json_buffer* buffer, const char* text);
/* Appends `text` as a quoted JSON string, escaping what JSON requires. */
void json_append_string(json_buffer* buffer, const char* text);
void json_buffer_free(json_buffer* buffer);

#endif /* REXIAN_EXAMPLE_FLAT_JSON_H_ */
