// What the deadline, SLA and routing tests share: the shipped configuration and Beijing time.
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "rexian/config.h"
#include "rexian/deadlines.h"

namespace rexian::testing {

// config/rexian.yaml of this source tree, loaded once.
inline const Config& ShippedConfig() {
  static const Config config = [] {
    auto loaded = LoadConfig(std::string(REXIAN_SOURCE_DIR) + "/config/rexian.yaml");
    INFO(loaded.status().ToString());
    REQUIRE(loaded.ok());
    return std::move(loaded).value();
  }();
  return config;
}

// The instant of a Beijing (UTC+8) wall-clock time.
inline UtcTime Beijing(int y, unsigned m, unsigned d, int hour = 0, int minute = 0,
                       int second = 0) {
  using namespace std::chrono;
  return UtcTime{sys_days{year{y} / month{m} / day{d}}} + hours{hour - 8} + minutes{minute} +
         seconds{second};
}

// The deadline at the end of a Beijing day, 23:59:59.
inline UtcTime EndOfBeijingDay(int y, unsigned m, unsigned d) {
  return Beijing(y, m, d, 23, 59, 59);
}

inline CivilDate Date(int y, unsigned m, unsigned d) {
  return CivilDate{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

// "2025-02-05T15:59:59Z", for readable failures.
inline std::string Iso(UtcTime t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::hh_mm_ss<std::chrono::seconds> clock{t - day};
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%sT%02d:%02d:%02dZ", FormatDate(CivilDate{day}).c_str(),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer;
}

}  // namespace rexian::testing
