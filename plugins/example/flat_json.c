/* flat_json: a minimal reader of flat string-valued JSON objects, and a writer. */
#include "flat_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The state of one parse. */
typedef struct reader {
  const char* p;
  const char* end;
  char* error;
  size_t error_cap;
} reader;

static int fail(reader* r, const char* message) {
  if (r->error_cap > 0) snprintf(r->error, r->error_cap, "%s", message);
  return -1;
}

static void skip_space(reader* r) {
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')) {
    ++r->p;
  }
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Reads four hex digits after "\u". */
static int read_hex4(reader* r, unsigned* out) {
  unsigned value = 0;
  for (int i = 0; i < 4; ++i) {
    if (r->p >= r->end || hex_digit(*r->p) < 0) return fail(r, "bad \\u escape");
    value = value * 16 + (unsigned)hex_digit(*r->p++);
  }
  *out = value;
  return 0;
}

/* Writes code point `cp` as UTF-8 to `out`; returns the bytes written. */
static size_t put_utf8(unsigned cp, char* out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Reads a string at r->p (which points at the opening quote) into a new
 * malloc'ed buffer. A decoded string is never longer than its source. */
static int read_string(reader* r, char** out) {
  if (r->p >= r->end || *r->p != '"') return fail(r, "expected a string");
  ++r->p;
  char* text = malloc((size_t)(r->end - r->p) + 1);
  if (text == NULL) return fail(r, "out of memory");
  size_t n = 0;
  while (r->p < r->end && *r->p != '"') {
    char c = *r->p++;
    if ((unsigned char)c < 0x20) {
      free(text);
      return fail(r, "control character in a string");
    }
    if (c != '\\') {
      text[n++] = c;
      continue;
    }
    if (r->p >= r->end) break;
    c = *r->p++;
    unsigned cp = 0;
    switch (c) {
      case '"': case '\\': case '/': text[n++] = c; break;
      case 'b': text[n++] = '\b'; break;
      case 'f': text[n++] = '\f'; break;
      case 'n': text[n++] = '\n'; break;
      case 'r': text[n++] = '\r'; break;
      case 't': text[n++] = '\t'; break;
      case 'u':
        if (read_hex4(r, &cp) != 0) {
          free(text);
          return -1;
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) { /* a surrogate pair: \uD83D\uDE00 */
          unsigned low = 0;
          if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u') {
            free(text);
            return fail(r, "unpaired surrogate");
          }
          r->p += 2;
          if (read_hex4(r, &low) != 0 || low < 0xDC00 || low > 0xDFFF) {
            free(text);
            return fail(r, "unpaired surrogate");
          }
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          free(text);
          return fail(r, "unpaired surrogate");
        }
        n += put_utf8(cp, text + n);
        break;
      default:
        free(text);
        return fail(r, "bad escape in a string");
    }
  }
  if (r->p >= r->end) {
    free(text);
    return fail(r, "unterminated string");
  }
  ++r->p; /* the closing quote */
  text[n] = '\0';
  if (strlen(text) != n) { /* "\u0000" */
    free(text);
    return fail(r, "NUL character in a string");
  }
  *out = text;
  return 0;
}

int flat_json_parse(const char* text, size_t len, flat_json_object* out, char* error,
                    size_t error_cap) {
  reader r = {text, text + len, error, error_cap};
  memset(out, 0, sizeof *out);
  skip_space(&r);
  if (r.p >= r.end || *r.p != '{') return fail(&r, "expected a JSON object");
  ++r.p;
  skip_space(&r);
  if (r.p < r.end && *r.p == '}') {
    ++r.p;
  } else {
    for (;;) {
      if (out->count == FLAT_JSON_MAX_MEMBERS) return fail(&r, "too many members");
      flat_json_member* m = &out->members[out->count];
      skip_space(&r);
      if (read_string(&r, &m->name) != 0) return -1;
      ++out->count; /* owned from here on, so flat_json_free releases it */
      skip_space(&r);
      if (r.p >= r.end || *r.p != ':') return fail(&r, "expected ':'");
      ++r.p;
      skip_space(&r);
      if (r.p >= r.end || *r.p != '"') {
        snprintf(error, error_cap, "%s: expected a string", m->name);
        return -1;
      }
      if (read_string(&r, &m->value) != 0) return -1;
      for (size_t i = 0; i + 1 < out->count; ++i) {
        if (strcmp(out->members[i].name, m->name) == 0) {
          snprintf(error, error_cap, "%s: duplicate member", m->name);
          return -1;
        }
      }
      skip_space(&r);
      if (r.p < r.end && *r.p == ',') {
        ++r.p;
        continue;
      }
      if (r.p < r.end && *r.p == '}') {
        ++r.p;
        break;
      }
      return fail(&r, "expected ',' or '}'");
    }
  }
  skip_space(&r);
  if (r.p != r.end) return fail(&r, "text after the object");
  return 0;
}

const char* flat_json_get(const flat_json_object* object, const char* name) {
  for (size_t i = 0; i < object->count; ++i) {
    if (strcmp(object->members[i].name, name) == 0) return object->members[i].value;
  }
  return NULL;
}

void flat_json_free(flat_json_object* object) {
  for (size_t i = 0; i < object->count; ++i) {
    free(object->members[i].name);
    free(object->members[i].value);
  }
  object->count = 0;
}

static void append_bytes(json_buffer* b, const char* bytes, size_t n) {
  if (b->failed) return;
  if (b->length + n + 1 > b->capacity) {
    size_t capacity = b->capacity ? b->capacity : 256;
    while (b->length + n + 1 > capacity) capacity *= 2;
    char* grown = realloc(b->data, capacity);
    if (grown == NULL) {
      b->failed = 1;
      return;
    }
    b->data = grown;
    b->capacity = capacity;
  }
  memcpy(b->data + b->length, bytes, n);
  b->length += n;
  b->data[b->length] = '\0';
}

void json_append_raw(json_buffer* buffer, const char* text) {
  append_bytes(buffer, text, strlen(text));
}

void json_append_string(json_buffer* buffer, const char* text) {
  append_bytes(buffer, "\"", 1);
  for (const char* c = text; *c != '\0'; ++c) {
    char escaped[8];
    switch (*c) {
      case '"': append_bytes(buffer, "\\\"", 2); break;
      case '\\': append_bytes(buffer, "\\\\", 2); break;
      case '\n': append_bytes(buffer, "\\n", 2); break;
      case '\r': append_bytes(buffer, "\\r", 2); break;
      case '\t': append_bytes(buffer, "\\t", 2); break;
      default:
        if ((unsigned char)*c < 0x20) {
          snprintf(escaped, sizeof escaped, "\\u%04x", (unsigned)(unsigned char)*c);
          append_bytes(buffer, escaped, 6);
        } else {
          append_bytes(buffer, c, 1); /* UTF-8 passes through unchanged */
        }
    }
  }
  append_bytes(buffer, "\"", 1);
}

void json_buffer_free(json_buffer* buffer) {
  free(buffer->data);
  buffer->data = NULL;
  buffer->length = buffer->capacity = 0;
}
