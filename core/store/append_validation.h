// The backend-neutral checks of an append request, shared by every backend.
#pragma once

#include <cstdint>
#include <string>

#include "rexian/event_store.h"

namespace rexian {

// The largest stream id, event id and type a store accepts, in bytes.
inline constexpr std::size_t kMaxIdBytes = 200;
// The largest payload + metadata of one event, in bytes.
inline constexpr std::size_t kMaxEventBytes = 4u << 20;

// Checks the shape of a request before it reaches a transaction: ids present,
// short and free of NUL bytes, events present with unique ids, a meaningful
// expected version. InvalidArgument naming the field otherwise.
Status ValidateRequest(const AppendRequest& request);

// "any version", "no stream" or "version N", for conflict messages.
std::string DescribeExpected(const ExpectedVersion& expected);

// True when `current` satisfies `expected`.
bool ExpectedVersionMatches(const ExpectedVersion& expected, std::uint64_t current);

// The Conflict status of an append to `stream_id` that expected `expected`
// and found `current` (0 = no stream).
Status ConflictStatus(const std::string& stream_id, const ExpectedVersion& expected,
                      std::uint64_t current);

// The wall clock in microseconds since the Unix epoch (UTC).
std::int64_t NowMicros();

}  // namespace rexian
