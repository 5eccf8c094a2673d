// Records to and from rows of rexian_events, private to the PostgreSQL backend.
#pragma once

#include <string>
#include <string_view>

#include "rexian/event_store.h"
#include "store/pg_connection.h"

namespace rexian::pg {

// The columns every record query selects, in the order RecordFromRow reads.
inline constexpr const char* kRecordColumns =
    "position, stream_id, stream_version, event_id, type, schema_version, recorded_at_us, "
    "metadata, payload, hash";

// The COPY statement whose input AppendCopyRow writes.
inline constexpr const char* kCopyRecords =
    "COPY rexian_events (position, stream_id, stream_version, event_id, type, schema_version, "
    "recorded_at_us, metadata, payload, hash) FROM STDIN (FORMAT binary)";

// Reads row `row` of a binary-format result selecting kRecordColumns.
void RecordFromRow(const PGresult* result, int row, RecordedEvent* out);

// Binary COPY framing: the header before the first row, one row, the trailer.
void AppendCopyHeader(std::string* out);
void AppendCopyRow(const RecordedEvent& record, std::string* out);
void AppendCopyTrailer(std::string* out);

// PostgreSQL text holds well-formed UTF-8 without NUL bytes; the event's
// text fields are checked before they reach a batch, so one bad request is
// refused alone instead of failing everyone's transaction.
Status CheckStorableText(const NewEvent& event, std::size_t index);
Status CheckStorableText(const std::string& stream_id);

}  // namespace rexian::pg
