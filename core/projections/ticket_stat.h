// TicketStat: what the statistics view remembers of one work order (32 bytes).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rexian {

// Index into the statistics view's dictionary of codes; kNoCode when unset.
using CodeIndex = std::uint16_t;
inline constexpr CodeIndex kNoCode = 0xFFFF;

// One ticket as the statistics count it. Fields hold the ticket's latest
// state: a reclassified ticket counts under its new sub-category, a
// reopened one under its latest resolution and rating.
struct TicketStat {
  enum Flag : std::uint8_t {
    kAnswered = 1,     // answered on first contact (ticket.answered)
    kDispatched = 2,   // dispatched to a department at least once
    kResolved = 4,     // resolved, and not reopened since
    kOnTime = 8,       // the latest resolution met the deadline in force
    kMerged = 16,      // merged into another ticket: not counted as a request
    kReopened = 32,    // reopened at least once
    kClosed = 64,      // closed (archived)
  };
  enum Rating : std::uint8_t { kUnrated = 0, kSatisfied = 1, kBasicallySatisfied = 2, kDissatisfied = 3 };

  std::int64_t received_at = 0;  // Unix seconds: when the request reached the hotline
  std::int64_t deadline = 0;     // Unix seconds: resolution deadline in force; 0 when none
  CodeIndex platform = kNoCode;  // receiving platform
  CodeIndex channel = kNoCode;
  CodeIndex type = kNoCode;
  CodeIndex domain = kNoCode;
  CodeIndex subcategory = kNoCode;
  CodeIndex department = kNoCode;  // lead department of the latest dispatch
  std::uint8_t county = 0;         // 1: received by a county/district platform
  std::uint8_t flags = 0;
  std::uint8_t rating = kUnrated;  // the latest follow-up's
  std::uint8_t reopen_count = 0;

  bool has(Flag f) const { return (flags & f) != 0; }
  void set(Flag f, bool on) { flags = on ? (flags | f) : (flags & ~f); }
};

// Fixed little-endian encoding, the view's storage format.
inline constexpr std::size_t kTicketStatSize = 32;
std::string EncodeTicketStat(const TicketStat& s);
// False when `bytes` is not kTicketStatSize long.
bool DecodeTicketStat(std::string_view bytes, TicketStat* out);

}  // namespace rexian
