// StatisticsView: counts over hand-built logs with known answers, in a real LMDB view.
#include <catch2/catch.hpp>

#include "projections/statistics_log.h"
#include "projections/statistics_view.h"
#include "support/temp_dir.h"

namespace rexian {
namespace {

using namespace std::chrono;
using testing::StatisticsLog;
using testing::TempDir;

constexpr minutes kUtc8{480};
constexpr std::int64_t kNow = 1893456000;  // 2030-01-01: every deadline has passed

sys_days Day(int y, unsigned m, unsigned d) { return sys_days(year(y) / month(m) / day(d)); }

std::unique_ptr<StatisticsView> OpenView(const std::string& dir) {
  auto view = StatisticsView::Open(dir, kUtc8);
  REQUIRE(view.ok());
  return std::move(view).value();
}

// Four requests in March 2025: two answered, two dispatched (one on time and
// satisfied, one late and dissatisfied), one county request.
StatisticsLog FourRequests() {
  StatisticsLog log;
  log.Open("3203-2025-0000001", "2025-03-03T09:00:00+08:00", "3203", "02", "03", "0301");
  log.Answer("3203-2025-0000001", "2025-03-03T09:05:00+08:00");
  log.Open("3203-2025-0000002", "2025-03-03T10:00:00+08:00", "3203", "01", "03", "0302", "wechat");
  log.Answer("3203-2025-0000002", "2025-03-03T10:05:00+08:00");
  log.Open("3203-2025-0000003", "2025-03-04T11:00:00+08:00", "3203", "03", "01", "0101");
  log.Dispatch("3203-2025-0000003", "2025-03-04T11:30:00+08:00", "3203-019", "2025-03-07T18:00:00+08:00");
  log.Resolve("3203-2025-0000003", "2025-03-06T16:00:00+08:00");
  log.Rate("3203-2025-0000003", "2025-03-07T10:00:00+08:00", "satisfied");
  log.Other("2025-03-07T10:00:00+08:00");
  log.Open("320302-2025-0000001", "2025-03-05T23:30:00+08:00", "320302", "03", "01", "0105");
  log.Dispatch("320302-2025-0000001", "2025-03-06T08:00:00+08:00", "320302-002", "2025-03-10T18:00:00+08:00");
  log.Resolve("320302-2025-0000001", "2025-03-11T09:00:00+08:00");
  log.Rate("320302-2025-0000001", "2025-03-12T09:00:00+08:00", "dissatisfied");
  return log;
}

TEST_CASE("statistics count requests, first-contact answers, on-time resolutions and ratings", "[projections]") {
  TempDir dir;
  auto view = OpenView(dir.path());
  StatisticsLog log = FourRequests();
  REQUIRE(view->Apply(log.events()).ok());
  CHECK(view->checkpoint() == log.events().size());

  StatsCounts c = view->Count(Day(2025, 3, 1), Day(2025, 3, 31), {}, kNow);
  CHECK(c.received == 4);
  CHECK(c.answered == 2);
  CHECK(c.dispatched == 2);
  CHECK(c.resolved_on_time == 1);
  CHECK(c.resolved_late == 1);
  CHECK(c.satisfied == 1);
  CHECK(c.dissatisfied == 1);
  CHECK(c.open == 0);
  CHECK(c.by_level == std::map<std::string, std::int64_t>{{"city", 3}, {"county", 1}});
  CHECK(c.by_channel == std::map<std::string, std::int64_t>{{"phone", 3}, {"wechat", 1}});
  CHECK(c.by_type == std::map<std::string, std::int64_t>{{"01", 1}, {"02", 1}, {"03", 2}});
  CHECK(c.by_domain == std::map<std::string, std::int64_t>{{"01", 2}, {"03", 2}});
  CHECK(c.by_department == std::map<std::string, std::int64_t>{{"3203-019", 1}, {"320302-002", 1}});

  // The local day decides: 23:30 on 5 March in Xuzhou is 15:30 UTC.
  CHECK(view->Count(Day(2025, 3, 5), Day(2025, 3, 5), {}, kNow).received == 1);
  CHECK(view->Count(Day(2025, 3, 6), Day(2025, 3, 31), {}, kNow).received == 0);
}

TEST_CASE("statistics filter by level, platform, channel, classification and department", "[projections]") {
  TempDir dir;
  auto view = OpenView(dir.path());
  REQUIRE(view->Apply(FourRequests().events()).ok());
  auto count = [&](StatsScope scope) {
    return view->Count(Day(2025, 3, 1), Day(2025, 3, 31), scope, kNow).received;
  };
  CHECK(count({.level = "county"}) == 1);
  CHECK(count({.level = "city"}) == 3);
  CHECK(count({.platform = "320302"}) == 1);
  CHECK(count({.platform = "320303"}) == 0);  // no such request: nothing, not everything
  CHECK(count({.channel = "wechat"}) == 1);
  CHECK(count({.domain = "03"}) == 2);
  CHECK(count({.level = "city", .domain = "01"}) == 1);
  CHECK(count({.subcategory = "0105"}) == 1);
  CHECK(count({.department = "3203-019"}) == 1);
}

TEST_CASE("a reopened request counts once, by its latest resolution and rating", "[projections]") {
  TempDir dir;
  auto view = OpenView(dir.path());
  StatisticsLog log;
  log.Open("3203-2025-0000009", "2025-04-01T09:00:00+08:00", "3203", "03", "06", "0601");
  log.Dispatch("3203-2025-0000009", "2025-04-01T09:30:00+08:00", "3203-019", "2025-04-03T18:00:00+08:00");
  log.Resolve("3203-2025-0000009", "2025-04-02T09:00:00+08:00");
  log.Rate("3203-2025-0000009", "2025-04-03T09:00:00+08:00", "dissatisfied");
  log.Reopen("3203-2025-0000009", "2025-04-03T10:00:00+08:00", "3203-020", "2025-04-08T18:00:00+08:00");
  REQUIRE(view->Apply(log.events()).ok());
  StatsCounts before = view->Count(Day(2025, 4, 1), Day(2025, 4, 30), {}, kNow);
  CHECK(before.received == 1);
  CHECK(before.reopened == 1);
  CHECK(before.resolved_on_time + before.resolved_late == 0);  // reopened: not resolved any more
  CHECK(before.dissatisfied == 0);                             // its rating went with the resolution
  CHECK(before.open == 1);
  CHECK(before.overdue == 1);  // open past the new deadline at kNow
  CHECK(before.by_department == std::map<std::string, std::int64_t>{{"3203-020", 1}});

  StatisticsLog more;
  // Resolved after the first deadline but within the reopening's: on time.
  more.Resolve("3203-2025-0000009", "2025-04-07T09:00:00+08:00");
  more.Rate("3203-2025-0000009", "2025-04-08T09:00:00+08:00", "basically_satisfied");
  std::vector<RecordedEvent> tail = more.events();
  for (RecordedEvent& e : tail) e.position += log.events().size();
  REQUIRE(view->Apply(tail).ok());
  StatsCounts after = view->Count(Day(2025, 4, 1), Day(2025, 4, 30), {}, kNow);
  CHECK(after.received == 1);
  CHECK(after.resolved_on_time == 1);
  CHECK(after.resolved_late == 0);
  CHECK(after.basically_satisfied == 1);
  CHECK(after.dissatisfied == 0);
  CHECK(after.open == 0);
}

TEST_CASE("a merged request is not counted again, a reclassified one counts under its new class", "[projections]") {
  TempDir dir;
  auto view = OpenView(dir.path());
  StatisticsLog log;
  log.Open("3203-2025-0000011", "2025-05-06T09:00:00+08:00", "3203", "03", "06", "0601");
  log.Open("3203-2025-0000012", "2025-05-06T09:10:00+08:00", "3203", "03", "06", "0601");
  log.Merge("3203-2025-0000012", "2025-05-06T09:20:00+08:00", "3203-2025-0000011");
  log.Classify("3203-2025-0000011", "2025-05-06T09:30:00+08:00", "01", "07", "0701");
  REQUIRE(view->Apply(log.events()).ok());
  StatsCounts c = view->Count(Day(2025, 5, 1), Day(2025, 5, 31), {}, kNow);
  CHECK(c.received == 1);
  CHECK(c.merged == 1);
  CHECK(c.by_subcategory == std::map<std::string, std::int64_t>{{"0701", 1}});
  CHECK(c.by_type == std::map<std::string, std::int64_t>{{"01", 1}});
}

TEST_CASE("the statistics view survives a reopen and a clear", "[projections]") {
  TempDir dir;
  StatisticsLog log = FourRequests();
  {
    auto view = OpenView(dir.path());
    REQUIRE(view->Apply(log.events()).ok());
  }
  auto reopened = OpenView(dir.path());
  CHECK(reopened->checkpoint() == log.events().size());
  CHECK(reopened->size() == 4);
  StatsCounts c = reopened->Count(Day(2025, 3, 1), Day(2025, 3, 31), {}, kNow);
  CHECK(c.received == 4);
  CHECK(c.resolved_late == 1);
  CHECK(c.by_department.size() == 2);
  REQUIRE(reopened->Clear().ok());
  CHECK(reopened->checkpoint() == 0);
  CHECK(reopened->Count(Day(2025, 3, 1), Day(2025, 3, 31), {}, kNow).received == 0);
  REQUIRE(reopened->Apply(log.events()).ok());  // a rebuild gives the same answers
  CHECK(reopened->Count(Day(2025, 3, 1), Day(2025, 3, 31), {}, kNow).received == 4);
}

TEST_CASE("the statistics view refuses a malformed event without applying the batch", "[projections]") {
  TempDir dir;
  auto view = OpenView(dir.path());
  StatisticsLog log = FourRequests();
  std::vector<RecordedEvent> events = log.events();
  events.back().payload = "not json";
  Status s = view->Apply(events);
  CHECK(s.IsCorruption());
  CHECK(s.message().find("position " + std::to_string(events.size())) != std::string::npos);
  CHECK(view->checkpoint() == 0);
  CHECK(view->size() == 0);
}

}  // namespace
}  // namespace rexian
