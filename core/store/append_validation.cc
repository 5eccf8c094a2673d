// The backend-neutral checks of an append request.
#include "store/append_validation.h"

#include <chrono>
#include <string_view>
#include <unordered_set>

namespace rexian {
namespace {

Status CheckId(std::string_view what, std::string_view id) {
  if (id.empty()) return Status::InvalidArgument(std::string(what) + ": must not be empty");
  if (id.size() > kMaxIdBytes) {
    return Status::InvalidArgument(std::string(what) + ": longer than " +
                                   std::to_string(kMaxIdBytes) + " bytes");
  }
  if (id.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument(std::string(what) + ": contains a NUL byte");
  }
  return Status::OK();
}

}  // namespace

Status ValidateRequest(const AppendRequest& r) {
  Status s = CheckId("stream_id", r.stream_id);
  if (!s.ok()) return s;
  if (r.events.empty()) {
    return Status::InvalidArgument("append to '" + r.stream_id + "': no events");
  }
  if (r.expected.kind == ExpectedVersion::Kind::kExact && r.expected.version == 0) {
    return Status::InvalidArgument("expected version 0: use 'no stream' for an empty stream");
  }
  std::unordered_set<std::string_view> ids;
  for (std::size_t i = 0; i < r.events.size(); ++i) {
    const NewEvent& e = r.events[i];
    std::string where = "events[" + std::to_string(i) + "]";
    if (!(s = CheckId(where + ".event_id", e.event_id)).ok()) return s;
    if (!(s = CheckId(where + ".type", e.type)).ok()) return s;
    if (e.schema_version == 0)
      return Status::InvalidArgument(where + ".schema_version: must be >= 1");
    if (e.payload.size() + e.metadata.size() > kMaxEventBytes) {
      return Status::InvalidArgument(where + ": payload and metadata exceed " +
                                     std::to_string(kMaxEventBytes) + " bytes");
    }
    if (!ids.insert(e.event_id).second) {
      return Status::InvalidArgument(where + ".event_id: '" + e.event_id +
                                     "' appears twice in one append");
    }
  }
  return Status::OK();
}

std::string DescribeExpected(const ExpectedVersion& e) {
  switch (e.kind) {
    case ExpectedVersion::Kind::kAny:
      return "any version";
    case ExpectedVersion::Kind::kNoStream:
      return "no stream";
    case ExpectedVersion::Kind::kExact:
      return "version " + std::to_string(e.version);
  }
  return "?";
}

bool ExpectedVersionMatches(const ExpectedVersion& expected, std::uint64_t current) {
  return expected.kind == ExpectedVersion::Kind::kAny ||
         (expected.kind == ExpectedVersion::Kind::kNoStream && current == 0) ||
         (expected.kind == ExpectedVersion::Kind::kExact && current == expected.version);
}

Status ConflictStatus(const std::string& stream_id, const ExpectedVersion& expected,
                      std::uint64_t current) {
  return Status::Conflict("stream '" + stream_id + "': expected " + DescribeExpected(expected) +
                          ", but its current version is " + std::to_string(current) +
                          (current == 0 ? " (no stream)" : ""));
}

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace rexian
