// RFC 3339 formatting and parsing of domain times (no clock, no time zone database).
#include "ticket_time.h"

#include <cstdio>
#include <cstdlib>

namespace rexian::ticket {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Reads exactly `width` digits at `text[*at]`, advancing *at.
bool ReadDigits(std::string_view text, std::size_t* at, std::size_t width, int* value) {
  if (*at + width > text.size()) return false;
  int result = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[*at + i];
    if (c < '0' || c > '9') return false;
    result = result * 10 + (c - '0');
  }
  *at += width;
  *value = result;
  return true;
}

bool ReadChar(std::string_view text, std::size_t* at, char expected) {
  if (*at >= text.size() || text[*at] != expected) return false;
  ++*at;
  return true;
}

// Reads "Z"/"z" or "+hh:mm"/"-hh:mm" into a signed offset.
bool ReadOffset(std::string_view text, std::size_t* at, minutes* offset) {
  if (ReadChar(text, at, 'Z') || ReadChar(text, at, 'z')) {
    *offset = minutes{0};
    return true;
  }
  int sign = 1;
  if (ReadChar(text, at, '-')) {
    sign = -1;
  } else if (!ReadChar(text, at, '+')) {
    return false;
  }
  int hh = 0, mm = 0;
  if (!(ReadDigits(text, at, 2, &hh) && hh <= 23 && ReadChar(text, at, ':') &&
        ReadDigits(text, at, 2, &mm) && mm <= 59)) {
    return false;
  }
  *offset = minutes{sign * (hh * 60 + mm)};
  return true;
}

}  // namespace

std::string FormatTime(Time time, minutes utc_offset) {
  const auto local = time + utc_offset;
  const auto day = std::chrono::floor<days>(local);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss clock{local - day};
  char text[40];
  const int n = std::snprintf(
      text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(date.year()),
      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
      static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
      static_cast<int>(clock.seconds().count()));
  std::string result(text, static_cast<std::size_t>(n));
  if (utc_offset == minutes{0}) return result + "Z";
  const long total = utc_offset.count();
  const long magnitude = std::labs(total);
  std::snprintf(text, sizeof text, "%c%02ld:%02ld", total < 0 ? '-' : '+', magnitude / 60,
                magnitude % 60);
  return result + text;
}

std::optional<Time> ParseTime(std::string_view text) {
  std::size_t at = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!(ReadDigits(text, &at, 4, &year) && ReadChar(text, &at, '-') &&
        ReadDigits(text, &at, 2, &month) && ReadChar(text, &at, '-') &&
        ReadDigits(text, &at, 2, &day))) {
    return std::nullopt;
  }
  if (!(ReadChar(text, &at, 'T') || ReadChar(text, &at, 't'))) return std::nullopt;
  if (!(ReadDigits(text, &at, 2, &hour) && hour <= 23 && ReadChar(text, &at, ':') &&
        ReadDigits(text, &at, 2, &minute) && minute <= 59 && ReadChar(text, &at, ':') &&
        ReadDigits(text, &at, 2, &second) && second <= 60)) {
    return std::nullopt;
  }
  if (ReadChar(text, &at, '.')) {
    const std::size_t first = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    if (at == first || at - first > 9) return std::nullopt;
  }
  minutes offset{0};
  if (!ReadOffset(text, &at, &offset) || at != text.size()) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  const Time local = std::chrono::sys_days{date} + hours{hour} + minutes{minute} + seconds{second};
  return local - offset;
}

}  // namespace rexian::ticket
