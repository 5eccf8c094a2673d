// Hand-written parsing: the standard library of the toolchain has no
// std::chrono::parse.
#include "web/time_text.h"

#include <cstdio>

namespace rexian::web {
namespace {

// Reads `digits` decimal digits at text[*pos]; -1 when they are not there.
int Digits(std::string_view text, std::size_t* pos, int digits) {
  int value = 0;
  for (int i = 0; i < digits; ++i) {
    if (*pos >= text.size() || text[*pos] < '0' || text[*pos] > '9') return -1;
    value = value * 10 + (text[*pos] - '0');
    ++*pos;
  }
  return value;
}

bool Expect(std::string_view text, std::size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

}  // namespace

std::optional<Seconds> ParseW3Time(std::string_view text) {
  std::size_t pos = 0;
  int year = Digits(text, &pos, 4);
  if (year < 0 || !Expect(text, &pos, '-')) return std::nullopt;
  int month = Digits(text, &pos, 2);
  if (month < 0 || !Expect(text, &pos, '-')) return std::nullopt;
  int day = Digits(text, &pos, 2);
  if (day < 0 || pos >= text.size() || (text[pos] != 'T' && text[pos] != 't')) return std::nullopt;
  ++pos;
  int hour = Digits(text, &pos, 2);
  if (hour < 0 || !Expect(text, &pos, ':')) return std::nullopt;
  int minute = Digits(text, &pos, 2);
  if (minute < 0 || !Expect(text, &pos, ':')) return std::nullopt;
  int second = Digits(text, &pos, 2);
  if (second < 0) return std::nullopt;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t first = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == first) return std::nullopt;
  }
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = Digits(text, &pos, 2);
    if (oh < 0 || !Expect(text, &pos, ':')) return std::nullopt;
    int om = Digits(text, &pos, 2);
    if (om < 0 || oh > 23 || om > 59) return std::nullopt;
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(year),
                                  std::chrono::month(static_cast<unsigned>(month)),
                                  std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return std::nullopt;
  Seconds t = std::chrono::sys_days(ymd) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
              std::chrono::seconds(second) - std::chrono::minutes(offset_minutes);
  return t;
}

std::string FormatUtc(Seconds t) {
  auto days = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd(days);
  std::chrono::hh_mm_ss hms(t - days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string FormatChangeset(Seconds t) {
  std::string utc = FormatUtc(t);  // 2010-01-01T00:00:00Z
  return utc.substr(0, 10) + " " + utc.substr(11, 5);
}

}  // namespace rexian::web
