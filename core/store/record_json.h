// The JSON-lines interchange form of stored records (export / import).
#pragma once

#include <string>
#include <string_view>

#include "rexian/event_store.h"

namespace rexian {

// One record as one line of JSON (no trailing newline), with every envelope
// field, the hash in hex, `recorded_at` as RFC 3339 UTC with microseconds,
// and metadata and payload as JSON *strings* holding the exact stored bytes
// (so the hash chain verifies after import). Deterministic: the same record
// always gives the same bytes, hence export -> import -> export is identical.
std::string RecordToJsonLine(const RecordedEvent& record);

// Parses a line written by RecordToJsonLine. InvalidArgument naming the
// field that is missing or malformed.
Status RecordFromJsonLine(std::string_view line, RecordedEvent* out);

// "2025-01-28T08:30:00.000123Z" <-> microseconds since the Unix epoch (UTC).
std::string FormatUtcMicros(std::int64_t micros);
bool ParseUtcMicros(std::string_view text, std::int64_t* micros);

}  // namespace rexian
