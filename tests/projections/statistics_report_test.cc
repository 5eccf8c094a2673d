// StatisticsReport: comparisons (YoY across a leap year, MoM), holidays and the published rounding.
#include <catch2/catch.hpp>

#include "projections/statistics_log.h"
#include "projections/statistics_report.h"
#include "support/temp_dir.h"

namespace rexian {
namespace {

using namespace std::chrono;
using testing::StatisticsLog;
using testing::TempDir;
namespace json = boost::json;

sys_days Day(int y, unsigned m, unsigned d) { return sys_days(year(y) / month(m) / day(d)); }

const Config& Shipped() {
  static const Config config = [] {
    auto c = LoadConfig(std::string(REXIAN_SOURCE_DIR) + "/config/rexian.yaml");
    REQUIRE(c.ok());
    return std::move(c).value();
  }();
  return config;
}

struct Fixture {
  TempDir dir;
  std::unique_ptr<StatisticsView> view;
  explicit Fixture(const StatisticsLog& log) {
    auto v = StatisticsView::Open(dir.path(), minutes(480), false, CanonicalCodes(Shipped().taxonomy));
    REQUIRE(v.ok());
    view = std::move(v).value();
    REQUIRE(view->Apply(log.events()).ok());
  }
  json::object Report(sys_days first, sys_days last, StatsScope scope = {}) {
    StatsRequest r;
    r.first = first;
    r.last = last;
    r.scope = std::move(scope);
    r.holiday_subcategory = "0901";
    r.now = 1893456000;
    return StatisticsReport(*view, Shipped(), r);
  }
};

std::int64_t Received(const json::object& part) {
  return part.at("figures").as_object().at("received").as_int64();
}

std::string PeriodOf(const json::object& part) {
  const json::object& p = part.at("period").as_object();
  return std::string(p.at("from").as_string()) + ".." + std::string(p.at("to").as_string());
}

TEST_CASE("year on year across a leap year: February meets all of February", "[projections]") {
  StatisticsLog log;
  log.Open("3203-2024-0000001", "2024-02-10T09:00:00+08:00", "3203", "02", "03", "0301");
  log.Open("3203-2024-0000002", "2024-02-29T09:00:00+08:00", "3203", "02", "03", "0301");
  log.Open("3203-2025-0000001", "2025-02-15T09:00:00+08:00", "3203", "02", "03", "0301");
  Fixture f(log);
  json::object feb = f.Report(Day(2025, 2, 1), Day(2025, 2, 28));
  CHECK(Received(feb) == 1);
  const json::object& yoy = feb.at("yoy").as_object();
  CHECK(PeriodOf(yoy) == "2024-02-01..2024-02-29");
  CHECK(Received(yoy) == 2);
  CHECK(yoy.at("change").as_object().at("received").as_double() == Approx(-50.0));
  // A leap day compares with the 28th a year earlier.
  json::object leap = f.Report(Day(2024, 2, 29), Day(2024, 2, 29));
  CHECK(Received(leap) == 1);
  CHECK(PeriodOf(leap.at("yoy").as_object()) == "2023-02-28..2023-02-28");
  CHECK(Received(leap.at("yoy").as_object()) == 0);
  CHECK(leap.at("yoy").as_object().at("change").as_object().at("received").is_null());
}

TEST_CASE("month on month: a calendar month against the whole previous month, other ranges against the span before", "[projections]") {
  StatisticsLog log;
  log.Open("3203-2024-0000001", "2024-02-29T09:00:00+08:00", "3203", "02", "03", "0301");
  log.Open("3203-2024-0000002", "2024-03-31T23:59:00+08:00", "3203", "02", "03", "0301");
  log.Open("3203-2024-0000003", "2024-03-01T00:00:00+08:00", "3203", "02", "03", "0301");
  Fixture f(log);
  json::object march = f.Report(Day(2024, 3, 1), Day(2024, 3, 31));
  CHECK(Received(march) == 2);
  CHECK(PeriodOf(march.at("mom").as_object()) == "2024-02-01..2024-02-29");
  CHECK(Received(march.at("mom").as_object()) == 1);
  CHECK(march.at("mom").as_object().at("change").as_object().at("received").as_double() == Approx(100.0));
  json::object week = f.Report(Day(2024, 3, 4), Day(2024, 3, 10));
  CHECK(PeriodOf(week.at("mom").as_object()) == "2024-02-26..2024-03-03");
  CHECK(Received(week.at("mom").as_object()) == 2);
}

TEST_CASE("each holiday against the same holiday a year earlier, joined holidays against their parts", "[projections]") {
  StatisticsLog log;
  // Tourism (0901) around the 2024 Mid-Autumn (15-17 Sep) and National Day (1-7 Oct) holidays ...
  log.Open("3203-2024-0000001", "2024-09-16T10:00:00+08:00", "3203", "01", "09", "0901");
  log.Open("320302-2024-0000001", "2024-10-05T10:00:00+08:00", "320302", "01", "09", "0901");
  log.Open("3203-2024-0000002", "2024-10-06T10:00:00+08:00", "3203", "01", "09", "0901");
  log.Open("3203-2024-0000003", "2024-10-09T10:00:00+08:00", "3203", "01", "09", "0901");  // after
  log.Open("3203-2024-0000004", "2024-10-02T10:00:00+08:00", "3203", "01", "01", "0101");  // not tourism
  // ... and the joined 2025 holiday (1-8 Oct).
  log.Open("3203-2025-0000001", "2025-10-03T10:00:00+08:00", "3203", "01", "09", "0901");
  log.Open("320381-2025-0000001", "2025-10-08T22:00:00+08:00", "320381", "01", "09", "0901");
  log.Open("3203-2025-0000002", "2025-02-01T10:00:00+08:00", "3203", "01", "09", "0901");  // Spring Festival
  Fixture f(log);
  json::object year = f.Report(Day(2025, 1, 1), Day(2025, 12, 31));
  const json::array& holidays = year.at("holidays").as_array();
  const json::object* golden = nullptr;
  const json::object* spring = nullptr;
  for (const json::value& h : holidays) {
    if (h.as_object().at("key") == "mid_autumn_national_day") golden = &h.as_object();
    if (h.as_object().at("key") == "spring_festival") spring = &h.as_object();
  }
  REQUIRE(golden != nullptr);
  CHECK(golden->at("previous").as_array().size() == 2);
  CHECK(golden->at("subcategory_received").as_int64() == 2);
  CHECK(golden->at("subcategory_previous_received").as_int64() == 3);
  CHECK(golden->at("received").as_int64() == 2);
  CHECK(golden->at("previous_received").as_int64() == 4);
  CHECK(Percent2(2 - 3, 3) == "-33.33");
  CHECK(golden->at("subcategory_change").as_double() == Approx(-33.3333).epsilon(1e-4));
  REQUIRE(spring != nullptr);
  CHECK(spring->at("subcategory_received").as_int64() == 1);
  CHECK(spring->at("subcategory_previous_received").as_int64() == 0);
  CHECK(spring->at("subcategory_change").is_null());

  // The county level only: the 2025 golden week has one county request.
  json::object county = f.Report(Day(2025, 1, 1), Day(2025, 12, 31), StatsScope{.level = "county"});
  CHECK(Received(county) == 1);
  for (const json::value& h : county.at("holidays").as_array()) {
    if (h.as_object().at("key") == "mid_autumn_national_day") {
      CHECK(h.as_object().at("subcategory_received").as_int64() == 1);
      CHECK(h.as_object().at("subcategory_previous_received").as_int64() == 1);
    }
  }
}

TEST_CASE("shares name their parent: types of the total, sub-categories of their domain", "[projections]") {
  StatisticsLog log;
  log.Open("3203-2025-0000001", "2025-06-03T10:00:00+08:00", "3203", "help", "livelihood", "0301");
  log.Open("3203-2025-0000002", "2025-06-03T11:00:00+08:00", "3203", "01", "03", "0302");
  log.Open("3203-2025-0000003", "2025-06-03T12:00:00+08:00", "3203", "02", "03", "0301");
  log.Open("3203-2025-0000004", "2025-06-03T13:00:00+08:00", "3203", "02", "01", "0101");
  Fixture f(log);
  json::object r = f.Report(Day(2025, 6, 1), Day(2025, 6, 30));
  for (const json::value& v : r.at("by_subcategory").as_array()) {
    const json::object& row = v.as_object();
    if (row.at("code") == "0301") CHECK(row.at("share").as_double() == Approx(100.0 * 2 / 3));
    if (row.at("code") == "0101") CHECK(row.at("share").as_double() == Approx(100.0));
  }
  // "help" and "01" are one type, "livelihood" and "03" one domain.
  CHECK(r.at("by_type").as_array().size() == 2);
  CHECK(r.at("by_domain").as_array().size() == 2);
}

TEST_CASE("published rounding: two decimals half up, counts in 万", "[projections]") {
  CHECK(Percent2(2630400, 3582700) == "73.42");
  CHECK(Percent2(1, 800) == "0.13");   // 0.125 rounds up
  CHECK(Percent2(1, 3) == "33.33");
  CHECK(Percent2(2, 3) == "66.67");
  CHECK(Percent2(0, 3) == "0.00");
  CHECK(Percent2(5, 0) == "-");
  CHECK(Percent2(-1038, 10000) == "-10.38");
  CHECK(Wan2(3582700) == "358.27");
  CHECK(Wan2(3582650) == "358.27");  // 358.265 rounds up
  CHECK(Wan2(3582649) == "358.26");
  CHECK(Wan2(0) == "0.00");
  CHECK(Change2(3582700, 3289000) == "+8.93");
  CHECK(Change2(95, 106) == "-10.38");
  CHECK(Change2(1, 0) == "-");
}

}  // namespace
}  // namespace rexian
