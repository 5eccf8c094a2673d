// The "format" values rexian's schemas may use, checked exactly by hand.
#pragma once

#include <optional>
#include <string_view>

namespace rexian::schema {

enum class StringFormat {
  kDateTime,  // RFC 3339 date-time with offset: 2025-03-01T09:30:00+08:00
  kDate,      // RFC 3339 full-date: 2025-03-01
  kEmail,     // local@domain, no spaces, at most 64@255 bytes
};

// "date-time" -> kDateTime; nullopt for a format rexian does not support.
std::optional<StringFormat> ParseStringFormat(std::string_view name);

// kDateTime -> "date-time".
const char* StringFormatName(StringFormat format);

// What a format means, for messages: "date-time" -> "RFC 3339 date-time with
// offset". nullptr for an unsupported name.
const char* DescribeStringFormat(std::string_view name);

// True when `text` is a valid value of `format`. Dates are checked against
// the calendar (no 2025-02-29, but 2024-02-29); times allow a leap second.
bool MatchesStringFormat(StringFormat format, std::string_view text);

}  // namespace rexian::schema
