// DeadlineCalendar: local days in a fixed-offset zone and working-day counting.
#include <string>
#include <utility>

#include "rexian/deadlines.h"

namespace rexian {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr int kMaxWorkingDays = 1000;
constexpr long kMaxDaysApart = 20 * 366;

CivilDate NextDay(CivilDate day) { return CivilDate{sys_days{day} + days{1}}; }

}  // namespace

DeadlineCalendar::DeadlineCalendar(const WorkingCalendar& calendar, std::chrono::minutes utc_offset,
                                   YearsWithoutCalendar years_without_calendar)
    : calendar_(&calendar),
      utc_offset_(utc_offset),
      years_without_calendar_(years_without_calendar) {}

Result<DeadlineCalendar> DeadlineCalendar::FromConfig(const Config& config) {
  if (!config.sla.utc_offset) {
    return Status::InvalidArgument("the calendars' time zone \"" + config.calendar.timezone() +
                                   "\" has no fixed UTC offset in rexian's table; set "
                                   "sla.utc_offset");
  }
  return DeadlineCalendar(config.calendar, *config.sla.utc_offset,
                          config.sla.years_without_calendar);
}

CivilDate DeadlineCalendar::LocalDate(UtcTime at) const {
  return CivilDate{std::chrono::floor<days>(at + utc_offset_)};
}

UtcTime DeadlineCalendar::StartOfDay(CivilDate day) const {
  return UtcTime{sys_days{day}} - utc_offset_;
}

UtcTime DeadlineCalendar::EndOfDay(CivilDate day) const {
  return StartOfDay(NextDay(day)) - std::chrono::seconds{1};
}

Result<const HolidayCalendar*> DeadlineCalendar::CalendarOf(CivilDate day) const {
  const int year = static_cast<int>(day.year());
  if (const HolidayCalendar* calendar = calendar_->Find(year)) return calendar;
  if (years_without_calendar_ == YearsWithoutCalendar::kMondayToFriday) {
    return static_cast<const HolidayCalendar*>(nullptr);
  }
  return Status::Unsupported("no working-day calendar is configured for " + std::to_string(year) +
                             " (needed for " + FormatDate(day) + "); add config/calendars/" +
                             std::to_string(year) +
                             ".yaml, or set sla.years_without_calendar: monday_to_friday");
}

Result<bool> DeadlineCalendar::IsWorkingDay(CivilDate day) const {
  auto calendar = CalendarOf(day);
  if (!calendar.ok()) return calendar.status();
  if (*calendar != nullptr) {
    if ((*calendar)->HolidayOn(day) != nullptr) return false;
    if ((*calendar)->IsMakeupWorkday(day)) return true;
  }
  const std::chrono::weekday weekday{sys_days{day}};
  return weekday != std::chrono::Saturday && weekday != std::chrono::Sunday;
}

Result<const Holiday*> DeadlineCalendar::HolidayOn(CivilDate day) const {
  auto calendar = CalendarOf(day);
  if (!calendar.ok()) return calendar.status();
  if (*calendar == nullptr) return static_cast<const Holiday*>(nullptr);
  return (*calendar)->HolidayOn(day);
}

Result<UtcTime> DeadlineCalendar::AddWorkingDays(UtcTime from, int n) const {
  if (n < 0 || n > kMaxWorkingDays) {
    return Status::InvalidArgument("expected a number of working days from 0 to " +
                                   std::to_string(kMaxWorkingDays) + ", got " + std::to_string(n));
  }
  CivilDate day = LocalDate(from);
  if (n == 0) {
    // The day itself if it is worked, else the first worked day after it.
    for (;;) {
      auto working = IsWorkingDay(day);
      if (!working.ok()) return working.status();
      if (*working) return EndOfDay(day);
      day = NextDay(day);
    }
  }
  for (int counted = 0; counted < n;) {
    day = NextDay(day);
    auto working = IsWorkingDay(day);
    if (!working.ok()) return working.status();
    if (*working) ++counted;
  }
  return EndOfDay(day);
}

Result<int> DeadlineCalendar::WorkingDaysBetween(UtcTime from, UtcTime to) const {
  CivilDate first = LocalDate(from);
  CivilDate last = LocalDate(to);
  const int sign = last < first ? -1 : 1;
  if (sign < 0) std::swap(first, last);
  if ((sys_days{last} - sys_days{first}).count() > kMaxDaysApart) {
    return Status::InvalidArgument("expected times at most 20 years apart, got " +
                                   FormatDate(first) + " and " + FormatDate(last));
  }
  int count = 0;
  for (CivilDate day = NextDay(first); day <= last; day = NextDay(day)) {
    auto working = IsWorkingDay(day);
    if (!working.ok()) return working.status();
    if (*working) ++count;
  }
  return sign * count;
}

bool MeetsDeadline(UtcTime deadline, UtcTime at) { return at <= deadline; }

}  // namespace rexian
