// The built-in table of time zones with a fixed UTC offset (no daylight saving time).
#include <cstdio>
#include <cstdlib>

#include "rexian/config.h"

namespace rexian {

namespace {

struct FixedZone {
  std::string_view name;
  int minutes;
};

// Only zones whose offset has not changed since 1992 (China dropped daylight
// saving time after 1991), so deadlines from then on are exact. Keep in step
// with the table in docs/configuration.md.
constexpr FixedZone kFixedZones[] = {
    {"Asia/Shanghai", 8 * 60},
    {"Asia/Chongqing", 8 * 60},
    {"Asia/Harbin", 8 * 60},
    {"PRC", 8 * 60},
    {"Asia/Hong_Kong", 8 * 60},
    {"Asia/Macau", 8 * 60},
    {"Asia/Taipei", 8 * 60},
    {"Asia/Urumqi", 6 * 60},
    {"Asia/Kashgar", 6 * 60},
    {"UTC", 0},
    {"Etc/UTC", 0},
};

}  // namespace

std::optional<std::chrono::minutes> FixedUtcOffset(std::string_view zone) {
  for (const FixedZone& fixed : kFixedZones) {
    if (fixed.name == zone) return std::chrono::minutes(fixed.minutes);
  }
  return std::nullopt;
}

std::string FormatUtcOffset(std::chrono::minutes offset) {
  const long long total = offset.count();
  const long long magnitude = std::llabs(total);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%c%02lld:%02lld", total < 0 ? '-' : '+', magnitude / 60,
                magnitude % 60);
  return buffer;
}

}  // namespace rexian
