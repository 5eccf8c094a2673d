// CivilDate text and weekdays.
#include "civil_date.h"

#include <charconv>
#include <cstdio>

namespace rexian::config_internal {

namespace {

bool ParseNumber(std::string_view text, int* out) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

bool ParseIsoDate(std::string_view text, CivilDate* out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int year = 0, month = 0, day = 0;
  if (!ParseNumber(text.substr(0, 4), &year) || !ParseNumber(text.substr(5, 2), &month) ||
      !ParseNumber(text.substr(8, 2), &day)) {
    return false;
  }
  const CivilDate date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                       std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return false;
  *out = date;
  return true;
}

bool IsWeekend(CivilDate day) {
  const std::chrono::weekday weekday{std::chrono::sys_days{day}};
  return weekday == std::chrono::Saturday || weekday == std::chrono::Sunday;
}

const char* WeekdayName(CivilDate day) {
  static const char* const kNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                       "Thursday", "Friday", "Saturday"};
  return kNames[std::chrono::weekday{std::chrono::sys_days{day}}.c_encoding()];
}

}  // namespace rexian::config_internal

namespace rexian {

std::string FormatDate(CivilDate day) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return buffer;
}

}  // namespace rexian
