// Binary rows of rexian_events: decoding query results, encoding COPY input.
#include "store/pg_record_rows.h"

namespace rexian::pg {
namespace {

void PutField(std::string* out, std::string_view bytes) {
  PutInt32(out, static_cast<std::int32_t>(bytes.size()));
  out->append(bytes);
}

void PutInt64Field(std::string* out, std::int64_t v) {
  PutInt32(out, 8);
  PutInt64(out, v);
}

// Well-formed UTF-8 (no overlong forms, no surrogates, <= U+10FFFF), no NUL.
bool IsStorableText(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra = 0;
    std::uint32_t code = 0, min = 0;
    if ((c & 0xE0) == 0xC0) {
      extra = 1, code = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, code = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, code = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (i + static_cast<std::size_t>(extra) >= s.size()) return false;
    for (int k = 1; k <= extra; ++k) {
      auto d = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((d & 0xC0) != 0x80) return false;
      code = (code << 6) | (d & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

}  // namespace

void RecordFromRow(const PGresult* r, int row, RecordedEvent* out) {
  out->position = static_cast<std::uint64_t>(GetInt64(r, row, 0));
  out->stream_id.assign(GetBytes(r, row, 1));
  out->stream_version = static_cast<std::uint64_t>(GetInt64(r, row, 2));
  out->event_id.assign(GetBytes(r, row, 3));
  out->type.assign(GetBytes(r, row, 4));
  out->schema_version = static_cast<std::uint32_t>(GetInt32(r, row, 5));
  out->recorded_at_us = GetInt64(r, row, 6);
  out->metadata.assign(GetBytes(r, row, 7));
  out->payload.assign(GetBytes(r, row, 8));
  out->hash.assign(GetBytes(r, row, 9));
}

void AppendCopyHeader(std::string* out) {
  static constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // + its terminating NUL
  out->append(kSignature, sizeof(kSignature));
  PutInt32(out, 0);  // flags
  PutInt32(out, 0);  // header extension length
}

void AppendCopyRow(const RecordedEvent& r, std::string* out) {
  PutInt16(out, 10);
  PutInt64Field(out, static_cast<std::int64_t>(r.position));
  PutField(out, r.stream_id);
  PutInt64Field(out, static_cast<std::int64_t>(r.stream_version));
  PutField(out, r.event_id);
  PutField(out, r.type);
  PutInt32(out, 4);
  PutInt32(out, static_cast<std::int32_t>(r.schema_version));
  PutInt64Field(out, r.recorded_at_us);
  PutField(out, r.metadata);
  PutField(out, r.payload);
  PutField(out, r.hash);
}

void AppendCopyTrailer(std::string* out) { PutInt16(out, -1); }

Status CheckStorableText(const std::string& stream_id) {
  if (IsStorableText(stream_id)) return Status::OK();
  return Status::InvalidArgument("stream_id: not well-formed UTF-8");
}

Status CheckStorableText(const NewEvent& e, std::size_t index) {
  const std::string where = "events[" + std::to_string(index) + "]";
  const std::pair<const char*, const std::string*> fields[] = {
      {".type", &e.type}, {".metadata", &e.metadata}, {".payload", &e.payload}};
  for (const auto& [name, text] : fields) {
    if (!IsStorableText(*text)) {
      return Status::InvalidArgument(where + name +
                                     ": not well-formed UTF-8 or contains a NUL byte");
    }
  }
  if (!IsStorableText(e.event_id)) {
    return Status::InvalidArgument(where + ".event_id: not well-formed UTF-8");
  }
  return Status::OK();
}

}  // namespace rexian::pg
