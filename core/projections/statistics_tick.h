// StatisticsTick: the one-second summary the operations feed sends.
#pragma once

#include <cstdint>
#include <string>

#include "projections/statistics_view.h"

namespace rexian {

// {"today": {"received", "answered_first_contact", "first_contact_rate",
// "dispatched", "by_channel", "by_level"}, "open", "overdue" (requests of the
// last 90 days still open / open past their deadline), "last_hour":
// {"received", "top_subcategories": [{"code", "count"}] (at most 5)}} as
// JSON text, computed at `now` (Unix seconds).
std::string StatisticsTick(const StatisticsView& view, std::int64_t now);

}  // namespace rexian
