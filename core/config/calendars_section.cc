// The `calendars` section: one working-day calendar per year (holidays, 调休).
#include <algorithm>

#include "civil_date.h"
#include "code_registry.h"
#include "field_reader.h"
#include "sections.h"

namespace rexian::config_internal {

namespace {

// Reads a date under `key` that must fall in `year` (0: any year).
bool ReadDateIn(const ConfigNode& value, int year, ConfigErrors* errors, CivilDate* out) {
  std::string text;
  if (!ReadText(value, kIsoDate, errors, &text)) return false;
  CivilDate date;
  ParseIsoDate(text, &date);
  if (year != 0 && static_cast<int>(date.year()) != year) {
    errors->Add(value, "expected a date in " + std::to_string(year) +
                           " (the calendar's year), got " + text);
    return false;
  }
  *out = date;
  return true;
}

struct HolidaySite {
  Holiday holiday;
  ConfigNode at;
};

void ReadHolidays(const std::vector<ConfigNode>& items, int year, ConfigErrors* errors,
                  std::vector<HolidaySite>* out) {
  CodeRegistry keys("holiday key");
  for (const ConfigNode& item : items) {
    FieldReader reader(item, {"key", "name_zh", "name_en", "from", "to"}, errors);
    Holiday holiday;
    if (reader.ReadText("key", Presence::kRequired, kName, &holiday.key)) {
      keys.Register(holiday.key, *reader.Child("key", Presence::kRequired), errors);
    }
    reader.ReadText("name_zh", Presence::kRequired, kAnyText, &holiday.name_zh);
    reader.ReadText("name_en", Presence::kRequired, kAnyText, &holiday.name_en);
    auto from = reader.Child("from", Presence::kRequired);
    auto to = reader.Child("to", Presence::kOptional);
    bool dates_ok = from && ReadDateIn(*from, year, errors, &holiday.first);
    holiday.last = holiday.first;  // "to" defaults to "from": a one-day holiday
    if (to) dates_ok = ReadDateIn(*to, year, errors, &holiday.last) && dates_ok;
    if (!dates_ok) continue;
    if (holiday.last < holiday.first) {
      errors->Add(*to, "expected a date on or after from (" + FormatDate(holiday.first) +
                           "), got " + FormatDate(holiday.last));
      continue;
    }
    out->push_back({std::move(holiday), item});
  }
  std::sort(out->begin(), out->end(), [](const HolidaySite& a, const HolidaySite& b) {
    return a.holiday.first < b.holiday.first;
  });
  for (std::size_t i = 1; i < out->size(); ++i) {
    const Holiday& before = (*out)[i - 1].holiday;
    const Holiday& after = (*out)[i].holiday;
    if (after.first <= before.last) {
      errors->Add((*out)[i].at, "expected a holiday not overlapping \"" + before.key + "\" (" +
                                    FormatDate(before.first) + " to " + FormatDate(before.last) +
                                    ", at " + (*out)[i - 1].at.where() + ")");
    }
  }
}

void ReadMakeupWorkdays(const std::vector<ConfigNode>& items, int year,
                        const std::vector<HolidaySite>& holidays, ConfigErrors* errors,
                        std::vector<CivilDate>* out) {
  for (const ConfigNode& item : items) {
    CivilDate day;
    if (!ReadDateIn(item, year, errors, &day)) continue;
    if (!IsWeekend(day)) {
      errors->Add(item,
                  "expected a Saturday or Sunday (a make-up working day replaces a "
                  "weekend day), got " +
                      FormatDate(day) + ", a " + WeekdayName(day));
      continue;
    }
    const auto holiday = std::find_if(holidays.begin(), holidays.end(),
                                      [&](const auto& site) { return site.holiday.Contains(day); });
    if (holiday != holidays.end()) {
      errors->Add(item, "expected a day outside the holidays, got " + FormatDate(day) +
                            " inside \"" + holiday->holiday.key + "\"");
      continue;
    }
    if (std::find(out->begin(), out->end(), day) != out->end()) {
      errors->Add(item, "duplicate make-up working day " + FormatDate(day));
      continue;
    }
    out->push_back(day);
  }
  std::sort(out->begin(), out->end());
}

}  // namespace

void ParseCalendarsSection(const std::vector<ConfigNode>& parts, ConfigErrors* errors,
                           std::string* timezone, std::vector<HolidayCalendar>* calendars) {
  CodeRegistry years("calendar year");
  std::string timezone_where;
  const std::vector<ConfigNode> items = ListSectionItems(parts, errors);
  if (items.empty() && !parts.empty()) {
    errors->Add(parts.front(), "expected at least one calendar, got none");
  }
  for (const ConfigNode& item : items) {
    FieldReader reader(item, {"year", "timezone", "holidays", "makeup_workdays"}, errors);
    if (!reader.is_mapping()) continue;
    HolidayCalendar calendar;
    std::int64_t year = 0;
    if (reader.ReadInteger("year", Presence::kRequired, 1970, 2200, &year)) {
      calendar.year = static_cast<int>(year);
      years.Register(std::to_string(year), *reader.Child("year", Presence::kRequired), errors);
    }
    std::string zone;
    if (reader.ReadText("timezone", Presence::kRequired, kTimeZoneName, &zone)) {
      const ConfigNode at = *reader.Child("timezone", Presence::kRequired);
      if (timezone->empty()) {
        *timezone = zone;
        timezone_where = at.where();
      } else if (zone != *timezone) {
        errors->Add(at, "expected the time zone of every other calendar, \"" + *timezone +
                            "\" (at " + timezone_where + "), got \"" + zone + "\"");
      }
    }
    if (calendar.year == 0) continue;  // dates cannot be checked against a year
    std::vector<HolidaySite> holidays;
    ReadHolidays(reader.ReadSequence("holidays", Presence::kRequired), calendar.year, errors,
                 &holidays);
    auto makeup = reader.Child("makeup_workdays", Presence::kOptional);
    if (makeup && !makeup->node.IsNull()) {
      ReadMakeupWorkdays(SequenceItems(*makeup, errors), calendar.year, holidays, errors,
                         &calendar.makeup_workdays);
    }
    for (auto& site : holidays) calendar.holidays.push_back(std::move(site.holiday));
    calendars->push_back(std::move(calendar));
  }
}

}  // namespace rexian::config_internal
