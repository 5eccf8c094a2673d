// Binary layout of one record as the LMDB backend stores it.
#pragma once

#include <string>
#include <string_view>

#include "rexian/event_store.h"

namespace rexian {

// Record format 1, little-endian:
//   u8 format(=1) | u64 stream_version | u32 schema_version | i64 recorded_at_us
//   | 32 bytes hash | (u32 length + bytes) x {stream_id, event_id, type,
//   metadata, payload}
// Position is not stored in the value: it is the record's key.
void EncodeRecord(const RecordedEvent& record, std::string* out);

// Decodes a stored value into `out` (reusing its strings' capacity);
// `position` is the record's key. Corruption if the bytes are malformed.
Status DecodeRecord(std::uint64_t position, std::string_view value, RecordedEvent* out);

}  // namespace rexian
