// CivilDate text: strict ISO 8601 calendar dates and weekday names.
#pragma once

#include <string_view>

#include "rexian/config.h"

namespace rexian::config_internal {

// Parses exactly "YYYY-MM-DD" naming a real day (no 2025-02-29).
// Returns false and leaves *out alone otherwise.
bool ParseIsoDate(std::string_view text, CivilDate* out);

// Saturday or Sunday.
bool IsWeekend(CivilDate day);

// "Monday" ... "Sunday".
const char* WeekdayName(CivilDate day);

}  // namespace rexian::config_internal
