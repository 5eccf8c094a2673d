// The tamper-evident chain: each record's SHA-256 covers the previous hash.
#pragma once

#include <string>

#include "rexian/event_store.h"

namespace rexian {

// 32 zero bytes: the "previous hash" of position 1.
const std::string& GenesisHash();

// SHA-256 over `previous_hash` and every envelope field of `record` except
// its own hash, each in a fixed little-endian, length-prefixed encoding that
// does not depend on the backend's storage format (so LMDB and PostgreSQL
// compute the same chain and an exported log verifies anywhere). Returns 32
// raw bytes. Thread-safe.
std::string ComputeRecordHash(const std::string& previous_hash, const RecordedEvent& record);

// Lower-case hex of raw bytes, for messages and exports.
std::string HexEncode(std::string_view bytes);

// Inverse of HexEncode; false on odd length or a non-hex character.
bool HexDecode(std::string_view hex, std::string* out);

}  // namespace rexian
