// StatisticsReport: figures, shares, comparisons and holidays for a date range, as JSON.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "projections/statistics_view.h"
#include "rexian/config.h"

namespace rexian {

// What to report on: requests received on local days first..last.
struct StatsRequest {
  std::chrono::sys_days first, last;  // inclusive; REQUIRES first <= last
  StatsScope scope;
  bool compare = true;    // add "yoy" (same days a year earlier) and "mom" (the period before)
  bool holidays = true;   // add each holiday in range against the same holiday a year earlier
  bool monthly = true;    // add the monthly trend when the range spans several months
  // Sub-category followed through the holidays ("0901", tourism); none: totals only.
  std::optional<std::string> holiday_subcategory;
  std::int64_t now = 0;   // Unix seconds, for open / overdue
};

// The report as JSON (documented in docs/statistics.md and the StatsReport
// schema of schemas/openapi.yaml): exact counts, rates and shares as
// percentages with full precision (renderers round), names from `config`.
boost::json::object StatisticsReport(const StatisticsView& view, const Config& config,
                                     const StatsRequest& request);

// The holidays of the year before that `holiday` is compared with: the one
// with the same key, or for a joined key ("mid_autumn_national_day") those
// whose keys it joins ("mid_autumn", "national_day"). Empty when none.
std::vector<const Holiday*> SameHolidayBefore(const Holiday& holiday, const HolidayCalendar* previous);

// Percentage num/den with two decimals, rounded half up ("73.42"); "-" when
// den is 0. Computed in integers, so the published rounding is exact.
std::string Percent2(std::int64_t num, std::int64_t den);
// Change from `before` to `now` in percent with two decimals ("+8.93",
// "-10.38"); "-" when before is 0.
std::string Change2(std::int64_t now, std::int64_t before);
// A count in 万 (10,000) with two decimals, rounded half up ("358.27").
std::string Wan2(std::int64_t count);

}  // namespace rexian
