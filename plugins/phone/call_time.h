// Call times: AMI timestamps (Unix seconds with a fraction) and their RFC 3339 form.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rexian::phone {

// Seconds since the Unix epoch, with a fraction.
using EpochSeconds = double;

// The wall clock now.
EpochSeconds NowSeconds();

// "1700000000.123456" -> 1700000000.123456; nullopt for anything else.
std::optional<EpochSeconds> ParseEpochSeconds(std::string_view text);

// "00:01:23" (CoreShowChannel's Duration) -> 83; nullopt for anything else.
std::optional<double> ParseClockDuration(std::string_view text);

// RFC 3339 with milliseconds at `utc_offset_minutes` ("2025-03-01T09:30:00.123+08:00";
// "Z" for 0).
std::string FormatRfc3339(EpochSeconds t, int utc_offset_minutes);

// A duration in seconds rounded to milliseconds, never negative.
double RoundSeconds(double seconds);

}  // namespace rexian::phone
