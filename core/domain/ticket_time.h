// RFC 3339 text for domain times, as the event schemas' "date-time" format wants it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "rexian/ticket.h"

namespace rexian::ticket {

// "2025-03-10T17:30:00+08:00" for offset +8h, "2025-03-10T09:30:00Z" for 0.
// REQUIRES: |utc_offset| < 24h.
std::string FormatTime(Time time, std::chrono::minutes utc_offset);

// Parses an RFC 3339 date-time with a mandatory offset ("Z", "z" or +hh:mm /
// -hh:mm) and optional fraction, which is truncated to whole seconds. nullopt
// for anything else, including impossible dates such as 2025-02-29.
std::optional<Time> ParseTime(std::string_view text);

}  // namespace rexian::ticket
