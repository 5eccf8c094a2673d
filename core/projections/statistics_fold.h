// FoldTicketStat: how one ticket event changes what the statistics count.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string_view>

#include "projections/ticket_stat.h"

namespace rexian {

// Turns a code into the view's dictionary index.
using InternCode = std::function<CodeIndex(char kind, std::string_view code)>;

// Applies ticket event `type` (payload and metadata parsed) to `stat`.
// `occurred_at` is the event's business time (metadata occurred_at, else
// its recording time), Unix seconds. Kinds passed to `intern`: 'p' platform,
// 'c' channel, 't' type, 'd' domain, 's' sub-category, 'g' department.
// Events the statistics ignore leave `stat` unchanged.
void FoldTicketStat(TicketStat* stat, std::string_view type, const boost::json::object& payload,
                    std::int64_t occurred_at, const InternCode& intern);

// What FoldTicketStat reads of an event of `type`: its payload, its
// business time (metadata occurred_at). An event that needs neither folds
// without being parsed (pass an empty payload and any time).
struct TicketStatInputs {
  bool payload = false;
  bool occurred_at = false;
};
TicketStatInputs TicketStatInputsOf(std::string_view type);

// The business time of an event: metadata "occurred_at" when present and
// valid, else `recorded_at_us` (microseconds).
std::int64_t EventTime(const boost::json::object& metadata, std::int64_t recorded_at_us);

}  // namespace rexian
