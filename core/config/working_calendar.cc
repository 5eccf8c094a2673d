// WorkingCalendar: which days count as working days for deadlines.
#include <algorithm>

#include "rexian/config.h"

namespace rexian {

bool Holiday::Contains(CivilDate day) const { return first <= day && day <= last; }

const Holiday* HolidayCalendar::HolidayOn(CivilDate day) const {
  for (const Holiday& holiday : holidays) {
    if (holiday.Contains(day)) return &holiday;
  }
  return nullptr;
}

bool HolidayCalendar::IsMakeupWorkday(CivilDate day) const {
  return std::binary_search(makeup_workdays.begin(), makeup_workdays.end(), day);
}

WorkingCalendar::WorkingCalendar(std::string timezone, std::vector<HolidayCalendar> calendars)
    : timezone_(std::move(timezone)), calendars_(std::move(calendars)) {
  std::sort(calendars_.begin(), calendars_.end(),
            [](const HolidayCalendar& a, const HolidayCalendar& b) { return a.year < b.year; });
}

const HolidayCalendar* WorkingCalendar::Find(int year) const {
  for (const HolidayCalendar& calendar : calendars_) {
    if (calendar.year == year) return &calendar;
  }
  return nullptr;
}

bool WorkingCalendar::IsWorkingDay(CivilDate day) const {
  if (const HolidayCalendar* calendar = Find(static_cast<int>(day.year()))) {
    if (calendar->HolidayOn(day) != nullptr) return false;
    if (calendar->IsMakeupWorkday(day)) return true;
  }
  const std::chrono::weekday weekday{std::chrono::sys_days{day}};
  return weekday != std::chrono::Saturday && weekday != std::chrono::Sunday;
}

}  // namespace rexian
