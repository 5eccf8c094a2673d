// DeadlineCalendar on the shipped 2024/2025 calendars: local days, working days, AddWorkingDays.
#include <catch2/catch.hpp>

#include "deadline_test_support.h"
#include "rexian/deadlines.h"

namespace rexian {
namespace {

using testing::Beijing;
using testing::Date;
using testing::EndOfBeijingDay;
using testing::Iso;
using testing::ShippedConfig;

DeadlineCalendar Shipped() {
  auto calendar = DeadlineCalendar::FromConfig(ShippedConfig());
  REQUIRE(calendar.ok());
  return *calendar;
}

TEST_CASE("local days of Asia/Shanghai are UTC+8", "[domain][deadline]") {
  const DeadlineCalendar calendar = Shipped();
  CHECK(calendar.utc_offset() == std::chrono::hours{8});
  // 2024-12-31T15:59:59Z is the last second of 2024 in Xuzhou; one second
  // later it is New Year's Day there.
  const UtcTime last_second_of_2024{std::chrono::seconds{1735660799}};
  CHECK(calendar.LocalDate(last_second_of_2024) == Date(2024, 12, 31));
  CHECK(calendar.LocalDate(last_second_of_2024 + std::chrono::seconds{1}) == Date(2025, 1, 1));
  CHECK(calendar.EndOfDay(Date(2024, 12, 31)) == last_second_of_2024);
  CHECK(calendar.StartOfDay(Date(2025, 1, 1)) == last_second_of_2024 + std::chrono::seconds{1});
  CHECK(Iso(calendar.StartOfDay(Date(2025, 1, 28))) == "2025-01-27T16:00:00Z");
  CHECK(Iso(calendar.EndOfDay(Date(2025, 1, 28))) == "2025-01-28T15:59:59Z");
}

TEST_CASE("a fixed offset other than +8 moves the local day", "[domain][deadline]") {
  REQUIRE(FixedUtcOffset("Asia/Shanghai") == std::chrono::minutes{480});
  REQUIRE(FixedUtcOffset("Asia/Urumqi") == std::chrono::minutes{360});
  CHECK(FixedUtcOffset("UTC") == std::chrono::minutes{0});
  CHECK_FALSE(FixedUtcOffset("Europe/Paris").has_value());  // has daylight saving time
  CHECK(FormatUtcOffset(std::chrono::minutes{-210}) == "-03:30");

  const WorkingCalendar& working = ShippedConfig().calendar;
  const DeadlineCalendar urumqi(working, std::chrono::hours{6}, YearsWithoutCalendar::kRefuse);
  const UtcTime at = Beijing(2025, 1, 28, 1, 30);       // 2025-01-27T17:30Z
  CHECK(Shipped().LocalDate(at) == Date(2025, 1, 28));  // Spring Festival in Xuzhou
  CHECK(urumqi.LocalDate(at) == Date(2025, 1, 27));     // still Monday in Urumqi
  CHECK(*urumqi.AddWorkingDays(at, 0) == Beijing(2025, 1, 28, 1, 59, 59));  // 23:59:59 at +6
}

TEST_CASE("working days: weekends, holidays and make-up days", "[domain][deadline]") {
  const DeadlineCalendar calendar = Shipped();
  struct Day {
    CivilDate date;
    bool working;
    const char* why;
  };
  const Day days[] = {
      {Date(2024, 12, 31), true, "Tuesday"},
      {Date(2025, 1, 1), false, "New Year's Day"},
      {Date(2025, 1, 4), false, "Saturday"},
      {Date(2025, 1, 26), true, "Sunday, make-up day for the Spring Festival"},
      {Date(2025, 1, 28), false, "Spring Festival, first day"},
      {Date(2025, 2, 4), false, "Spring Festival, last day"},
      {Date(2025, 2, 5), true, "Wednesday after the Spring Festival"},
      {Date(2025, 2, 8), true, "Saturday, make-up day"},
      {Date(2025, 4, 27), true, "Sunday, make-up day for May Day"},
      {Date(2025, 5, 1), false, "May Day"},
      {Date(2025, 5, 5), false, "May Day holiday, Monday"},
      {Date(2025, 5, 6), true, "Tuesday after May Day"},
      {Date(2025, 10, 8), false, "National Day holiday, Wednesday"},
      {Date(2025, 10, 11), true, "Saturday, make-up day"},
      {Date(2024, 2, 4), true, "Sunday, make-up day (2024)"},
  };
  for (const Day& day : days) {
    INFO(FormatDate(day.date) << ": " << day.why);
    auto working = calendar.IsWorkingDay(day.date);
    REQUIRE(working.ok());
    CHECK(*working == day.working);
  }
  auto holiday = calendar.HolidayOn(Date(2025, 10, 3));
  REQUIRE(holiday.ok());
  REQUIRE(*holiday != nullptr);
  CHECK((*holiday)->key == "mid_autumn_national_day");
  CHECK(*calendar.HolidayOn(Date(2025, 10, 11)) == nullptr);
}

struct AddCase {
  const char* what;
  UtcTime from;
  int n;
  UtcTime expected;
};

TEST_CASE("AddWorkingDays ends at 23:59:59 of the n-th working day after the day of dispatch",
          "[domain][deadline]") {
  const DeadlineCalendar calendar = Shipped();
  const AddCase cases[] = {
      // Spring Festival 2025: Jan 28 - Feb 4 off; Sunday Jan 26 and Saturday Feb 8 worked.
      {"Monday before the festival, 1", Beijing(2025, 1, 27, 10), 1, EndOfBeijingDay(2025, 2, 5)},
      {"Monday before the festival, 3", Beijing(2025, 1, 27, 10), 3, EndOfBeijingDay(2025, 2, 7)},
      {"Monday before the festival, 4 (make-up Saturday)", Beijing(2025, 1, 27, 10), 4,
       EndOfBeijingDay(2025, 2, 8)},
      {"Monday before the festival, 5", Beijing(2025, 1, 27, 10), 5, EndOfBeijingDay(2025, 2, 10)},
      {"Friday afternoon before the festival, 1 (make-up Sunday)", Beijing(2025, 1, 24, 15), 1,
       EndOfBeijingDay(2025, 1, 26)},
      {"Friday afternoon before the festival, 3", Beijing(2025, 1, 24, 15), 3,
       EndOfBeijingDay(2025, 2, 5)},
      {"on the make-up Sunday, 0 (it is a working day)", Beijing(2025, 1, 26, 9), 0,
       EndOfBeijingDay(2025, 1, 26)},
      {"on the make-up Sunday, 1", Beijing(2025, 1, 26, 9), 1, EndOfBeijingDay(2025, 1, 27)},
      {"on the make-up Sunday, 2", Beijing(2025, 1, 26, 9), 2, EndOfBeijingDay(2025, 2, 5)},
      {"during the festival, 0", Beijing(2025, 1, 30, 11), 0, EndOfBeijingDay(2025, 2, 5)},
      {"during the festival, 1", Beijing(2025, 1, 30, 11), 1, EndOfBeijingDay(2025, 2, 5)},
      {"during the festival, 5", Beijing(2025, 1, 30, 11), 5, EndOfBeijingDay(2025, 2, 10)},
      // May Day 2025: May 1-5 off; Sunday Apr 27 worked.
      {"Friday before May Day, 1 (make-up Sunday)", Beijing(2025, 4, 25, 16), 1,
       EndOfBeijingDay(2025, 4, 27)},
      {"Friday before May Day, 4", Beijing(2025, 4, 25, 16), 4, EndOfBeijingDay(2025, 4, 30)},
      {"Friday before May Day, 5", Beijing(2025, 4, 25, 16), 5, EndOfBeijingDay(2025, 5, 6)},
      {"on the make-up Sunday Apr 27, 3", Beijing(2025, 4, 27, 10), 3,
       EndOfBeijingDay(2025, 4, 30)},
      {"on the make-up Sunday Apr 27, 4", Beijing(2025, 4, 27, 10), 4, EndOfBeijingDay(2025, 5, 6)},
      {"eve of May Day, 1", Beijing(2025, 4, 30, 17), 1, EndOfBeijingDay(2025, 5, 6)},
      {"eve of May Day, 5", Beijing(2025, 4, 30, 17), 5, EndOfBeijingDay(2025, 5, 12)},
      // An ordinary Friday afternoon.
      {"Friday afternoon, 0", Beijing(2025, 3, 14, 16, 30), 0, EndOfBeijingDay(2025, 3, 14)},
      {"Friday afternoon, 1", Beijing(2025, 3, 14, 16, 30), 1, EndOfBeijingDay(2025, 3, 17)},
      {"Friday afternoon, 3", Beijing(2025, 3, 14, 16, 30), 3, EndOfBeijingDay(2025, 3, 19)},
      {"Friday afternoon, 5", Beijing(2025, 3, 14, 16, 30), 5, EndOfBeijingDay(2025, 3, 21)},
      {"Friday one second before midnight, 1", Beijing(2025, 3, 14, 23, 59, 59), 1,
       EndOfBeijingDay(2025, 3, 17)},
      {"Saturday just after midnight, 1", Beijing(2025, 3, 15, 0, 0, 0), 1,
       EndOfBeijingDay(2025, 3, 17)},
      // The 2024/2025 boundary: Jan 1 2025 is a holiday.
      {"New Year's Eve, 0", Beijing(2024, 12, 31, 10), 0, EndOfBeijingDay(2024, 12, 31)},
      {"New Year's Eve, 1", Beijing(2024, 12, 31, 10), 1, EndOfBeijingDay(2025, 1, 2)},
      {"New Year's Eve, 3", Beijing(2024, 12, 31, 10), 3, EndOfBeijingDay(2025, 1, 6)},
      {"Dec 30 2024, 2", Beijing(2024, 12, 30, 9), 2, EndOfBeijingDay(2025, 1, 2)},
      // 2024-12-31T17:30Z is already New Year's Day in Xuzhou.
      {"New Year's Day by local time, 0", Beijing(2025, 1, 1, 1, 30), 0,
       EndOfBeijingDay(2025, 1, 2)},
  };
  for (const AddCase& c : cases) {
    INFO(c.what);
    auto deadline = calendar.AddWorkingDays(c.from, c.n);
    REQUIRE(deadline.ok());
    CHECK(Iso(*deadline) == Iso(c.expected));
    if (c.n >= 1) CHECK(*calendar.WorkingDaysBetween(c.from, *deadline) == c.n);
  }
}

TEST_CASE("AddWorkingDays gives exact UTC instants", "[domain][deadline]") {
  const DeadlineCalendar calendar = Shipped();
  using std::chrono::seconds;
  CHECK(*calendar.AddWorkingDays(Beijing(2025, 1, 27, 10), 1) == UtcTime{seconds{1738771199}});
  CHECK(*calendar.AddWorkingDays(Beijing(2024, 12, 31, 10), 0) == UtcTime{seconds{1735660799}});
  CHECK(*calendar.AddWorkingDays(Beijing(2024, 12, 31, 10), 1) == UtcTime{seconds{1735833599}});
  CHECK(*calendar.AddWorkingDays(Beijing(2025, 4, 30, 17), 1) == UtcTime{seconds{1746547199}});
  CHECK(*calendar.AddWorkingDays(Beijing(2025, 1, 24, 15), 1) == UtcTime{seconds{1737907199}});
}

TEST_CASE("WorkingDaysBetween counts the days after the first up to the last",
          "[domain][deadline]") {
  const DeadlineCalendar calendar = Shipped();
  CHECK(*calendar.WorkingDaysBetween(Beijing(2025, 1, 27, 9), Beijing(2025, 1, 27, 18)) == 0);
  CHECK(*calendar.WorkingDaysBetween(Beijing(2025, 1, 24, 9), Beijing(2025, 1, 27, 9)) == 2);
  CHECK(*calendar.WorkingDaysBetween(Beijing(2025, 1, 27, 9), Beijing(2025, 1, 24, 9)) == -2);
  CHECK(*calendar.WorkingDaysBetween(Beijing(2025, 1, 27, 9), Beijing(2025, 2, 7, 9)) == 3);
  CHECK(*calendar.WorkingDaysBetween(Beijing(2025, 1, 28, 9), Beijing(2025, 2, 4, 9)) == 0);
  // 2025 has 365 days - 104 weekend days - 18 weekdays off + 5 make-up days
  // = 248 working days; counting from Dec 31 2024 covers all of 2025.
  CHECK(*calendar.WorkingDaysBetween(Beijing(2024, 12, 31, 12), Beijing(2025, 12, 31, 12)) == 248);
  // Round trip from every day of the Spring Festival fortnight.
  for (int day = 20; day <= 31; ++day) {
    const UtcTime from = Beijing(2025, 1, static_cast<unsigned>(day), 14);
    for (int n = 1; n <= 12; ++n) {
      INFO("Jan " << day << " + " << n);
      auto deadline = calendar.AddWorkingDays(from, n);
      REQUIRE(deadline.ok());
      CHECK(*calendar.WorkingDaysBetween(from, *deadline) == n);
      CHECK(*calendar.WorkingDaysBetween(from, *deadline - std::chrono::hours{24}) == n - 1);
    }
  }
}

TEST_CASE("years without a calendar are refused unless Monday to Friday is chosen",
          "[domain][deadline]") {
  const WorkingCalendar& working = ShippedConfig().calendar;
  const DeadlineCalendar refusing(working, std::chrono::hours{8}, YearsWithoutCalendar::kRefuse);
  // Dec 30 2026 is a Wednesday; three working days later is in 2027.
  auto refused = refusing.AddWorkingDays(Beijing(2026, 12, 30, 10), 3);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().IsUnsupported());
  CHECK_THAT(refused.status().message(),
             Catch::Matchers::Contains("no working-day calendar is configured for 2027"));
  CHECK(refusing.AddWorkingDays(Beijing(2026, 12, 30, 10), 1).ok());  // Dec 31 is enough
  CHECK(refusing.IsWorkingDay(Date(2023, 6, 1)).status().IsUnsupported());
  CHECK(refusing.HolidayOn(Date(2027, 1, 1)).status().IsUnsupported());

  const DeadlineCalendar guessing(working, std::chrono::hours{8},
                                  YearsWithoutCalendar::kMondayToFriday);
  // Jan 1 2027 counts as a plain Friday: no holidays are known for 2027.
  CHECK(*guessing.AddWorkingDays(Beijing(2026, 12, 30, 10), 3) == EndOfBeijingDay(2027, 1, 4));
  CHECK(*guessing.IsWorkingDay(Date(2027, 1, 1)));
  CHECK_FALSE(*guessing.IsWorkingDay(Date(2027, 1, 3)));
  CHECK(*guessing.HolidayOn(Date(2027, 1, 1)) == nullptr);
}

TEST_CASE("AddWorkingDays refuses a negative or absurd count", "[domain][deadline]") {
  const DeadlineCalendar calendar = Shipped();
  CHECK(calendar.AddWorkingDays(Beijing(2025, 3, 14), -1).status().IsInvalidArgument());
  CHECK(calendar.AddWorkingDays(Beijing(2025, 3, 14), 1001).status().IsInvalidArgument());
}

TEST_CASE("a deadline is met up to and including its last second", "[domain][deadline]") {
  const UtcTime deadline = EndOfBeijingDay(2025, 3, 14);
  CHECK(MeetsDeadline(deadline, deadline));
  CHECK(MeetsDeadline(deadline, deadline - std::chrono::hours{5}));
  CHECK_FALSE(MeetsDeadline(deadline, deadline + std::chrono::seconds{1}));
}

}  // namespace
}  // namespace rexian
