// Call times: parsing AMI's numbers and writing RFC 3339.
#include "phone/call_time.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace rexian::phone {

EpochSeconds NowSeconds() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count() / 1e6;
}

std::optional<EpochSeconds> ParseEpochSeconds(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value,
                                         std::chars_format::fixed);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  // Plausible instants only: 2001-09-09 .. 2286-11-20.
  if (!(value >= 1e9 && value < 1e10)) return std::nullopt;
  return value;
}

std::optional<double> ParseClockDuration(std::string_view text) {
  int h = 0, m = 0, s = 0;
  char extra = 0;
  const std::string copy(text.substr(0, 32));
  if (std::sscanf(copy.c_str(), "%d:%d:%d%c", &h, &m, &s, &extra) != 3) return std::nullopt;
  if (h < 0 || m < 0 || m > 59 || s < 0 || s > 59 || h > 100000) return std::nullopt;
  return h * 3600.0 + m * 60.0 + s;
}

std::string FormatRfc3339(EpochSeconds t, int utc_offset_minutes) {
  const double local = t + utc_offset_minutes * 60.0;
  const auto whole = static_cast<std::time_t>(std::floor(local));
  int millis = static_cast<int>(std::lround((local - std::floor(local)) * 1000));
  std::time_t seconds = whole;
  if (millis == 1000) {
    millis = 0;
    ++seconds;
  }
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  std::string out = buffer;
  if (utc_offset_minutes == 0) return out + "Z";
  const int a = std::abs(utc_offset_minutes);
  std::snprintf(buffer, sizeof buffer, "%c%02d:%02d", utc_offset_minutes < 0 ? '-' : '+', a / 60,
                a % 60);
  return out + buffer;
}

double RoundSeconds(double seconds) {
  if (!(seconds > 0)) return 0;
  return std::round(seconds * 1000) / 1000;
}

}  // namespace rexian::phone
