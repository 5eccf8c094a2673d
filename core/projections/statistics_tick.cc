// StatisticsTick: today, the open backlog and the last hour, from the statistics view.
#include "projections/statistics_tick.h"

#include <boost/json.hpp>

namespace rexian {
namespace {

namespace json = boost::json;

json::object Map(const std::map<std::string, std::int64_t>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

}  // namespace

std::string StatisticsTick(const StatisticsView& view, std::int64_t now) {
  using namespace std::chrono;
  const sys_days today = floor<days>(sys_seconds(seconds(now)) + view.utc_offset());
  const StatsScope all;
  const StatsCounts day = view.Count(today, today, all, now);
  const StatsCounts backlog = view.Count(today - days(90), today, all, now);
  const StatsCounts hour = view.CountBetween(now - 3600, now + 1, all, now);
  std::vector<std::pair<std::string, std::int64_t>> subs(hour.by_subcategory.begin(), hour.by_subcategory.end());
  std::stable_sort(subs.begin(), subs.end(), [](auto& a, auto& b) { return a.second > b.second; });
  if (subs.size() > 5) subs.resize(5);
  json::array top;
  for (auto& [code, count] : subs) top.push_back(json::object{{"code", code}, {"count", count}});
  json::object tick{
      {"today", json::object{{"received", day.received},
                             {"answered_first_contact", day.answered},
                             {"first_contact_rate", day.received ? 100.0 * static_cast<double>(day.answered) / static_cast<double>(day.received) : 0.0},
                             {"dispatched", day.dispatched},
                             {"by_channel", Map(day.by_channel)},
                             {"by_level", Map(day.by_level)}}},
      {"open", backlog.open},
      {"overdue", backlog.overdue},
      {"last_hour", json::object{{"received", hour.received}, {"top_subcategories", top}}},
      {"checkpoint", view.checkpoint()}};
  return json::serialize(tick);
}

}  // namespace rexian
