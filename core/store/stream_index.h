// The `streams` index of the LMDB backend: keys and the current version.
#pragma once

#include <lmdb.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace rexian {

// The key of one stream event: stream_id '\0' big-endian version, so a
// stream's events are one contiguous, version-ordered key range.
std::string StreamKey(std::string_view stream_id, std::uint64_t version);

// Sets `*version` to the stream's last version, the last key of its range in
// `streams` (0 when the stream has no events). Returns an LMDB code, 0 on
// success. Works in read and write transactions.
int ReadStreamVersion(MDB_txn* txn, MDB_dbi streams, std::string_view stream_id,
                      std::uint64_t* version);

}  // namespace rexian
