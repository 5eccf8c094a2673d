// Deadlines: the city's local days, working-day arithmetic and SLA decisions.
//
// Pure functions of the configuration and the times passed in: no clock is
// read, nothing is written. Times are UTC; days are the civil days of the
// calendars' time zone, taken as a fixed UTC offset (see FixedUtcOffset in
// rexian/config.h: the toolchain has no time zone database). The rules are
// described with examples in docs/configuration.md, section `sla`.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "rexian/config.h"
#include "rexian/status.h"

namespace rexian {

// An instant, UTC, in whole seconds (the same type as rexian::ticket::Time).
// Deadlines are whole seconds, so no finer precision is needed.
using UtcTime = std::chrono::sys_seconds;

// Working-day arithmetic on one WorkingCalendar in one fixed-offset zone.
// A cheap value; copyable; thread-compatible (const methods only).
//
// Deadlines fall at the end of a local day, 23:59:59 local time (a whole
// second): an action is on time when MeetsDeadline(deadline, at).
//
// A day whose year has no configured calendar is refused (Unsupported,
// naming the year) unless the policy is kMondayToFriday, which counts it as
// Monday to Friday with no holidays.
class DeadlineCalendar {
 public:
  // REQUIRES: `calendar` outlives this object and every copy of it.
  DeadlineCalendar(const WorkingCalendar& calendar, std::chrono::minutes utc_offset,
                   YearsWithoutCalendar years_without_calendar);

  // The configuration's calendar with config.sla.utc_offset and
  // config.sla.years_without_calendar. InvalidArgument when the offset is
  // unknown (a zone outside the built-in table and no sla.utc_offset).
  // REQUIRES: `config` outlives the result.
  static Result<DeadlineCalendar> FromConfig(const Config& config);

  std::chrono::minutes utc_offset() const { return utc_offset_; }

  // The local civil date of `at`.
  CivilDate LocalDate(UtcTime at) const;
  // 00:00:00 local of `day`, as UTC.
  UtcTime StartOfDay(CivilDate day) const;
  // 23:59:59 local of `day`, as UTC: the deadline of a limit ending that day.
  UtcTime EndOfDay(CivilDate day) const;

  // Monday to Friday unless a holiday, plus make-up working days (调休).
  Result<bool> IsWorkingDay(CivilDate day) const;
  // The public holiday covering `day`, or nullptr on other days.
  Result<const Holiday*> HolidayOn(CivilDate day) const;

  // The end (23:59:59 local) of the n-th working day after the local day of
  // `from`; the day of `from` never counts, whatever the hour. n == 0: the
  // end of the day of `from` if it is a working day, else of the next
  // working day. Examples (2025, Asia/Shanghai): from Friday Jan 24 15:00,
  // n = 1 -> Sunday Jan 26 23:59:59 (a make-up working day); from Monday
  // Jan 27, n = 1 -> Wednesday Feb 5 (Jan 28 - Feb 4 is the Spring Festival).
  // InvalidArgument when n < 0 or n > 1000.
  Result<UtcTime> AddWorkingDays(UtcTime from, int n) const;

  // The number of working days after the local day of `from` up to and
  // including the local day of `to`; negative (the same count with the
  // sign flipped) when `to` is on an earlier day. So that
  // WorkingDaysBetween(from, *AddWorkingDays(from, n)) == n for n >= 1.
  // InvalidArgument when the days are more than 20 years apart.
  Result<int> WorkingDaysBetween(UtcTime from, UtcTime to) const;

 private:
  // The calendar of `day`'s year, nullptr under kMondayToFriday when there
  // is none, Unsupported under kRefuse when there is none.
  Result<const HolidayCalendar*> CalendarOf(CivilDate day) const;

  const WorkingCalendar* calendar_;
  std::chrono::minutes utc_offset_;
  YearsWithoutCalendar years_without_calendar_;
};

// True when `at` is no later than `deadline`: a deadline is the last second
// that is still on time.
bool MeetsDeadline(UtcTime deadline, UtcTime at);

// ---------------------------------------------------------------- SLA

// What ComputeSla needs to know about one request.
struct SlaRequest {
  std::string type;              // taxonomy type code ("03") or key ("complaint"); required
  std::string domain;            // domain code or key; may be empty (taken from the sub-category)
  std::string subcategory_code;  // "0901"; may be empty
  Urgency urgency = Urgency::kNormal;
  UtcTime received_at;    // decides "during a public holiday"; starts the dispatch limit
  UtcTime dispatched_at;  // starts the acknowledge and resolve limits
};

// The policy that applies and the deadlines it sets.
struct SlaDecision {
  std::string policy_id;
  UtcTime deadline;                       // resolve (办结) by
  std::optional<UtcTime> dispatch_by;     // transfer (转办) by, when the policy limits it
  std::optional<UtcTime> acknowledge_by;  // acknowledge (签收) by, when the policy limits it
};

// Chooses the SLA policy of config.sla that applies to `request` (among the
// policies whose conditions it meets, the most specific: see
// SlaMatch::Specificity) and computes its deadlines:
//  - working_days N: AddWorkingDays(dispatched_at, N);
//  - same_day: the end of the local day of dispatched_at, working day or not;
//    the end of the next day when dispatched at or after next_day_after;
//  - hours H: dispatched_at + H hours;
//  - acknowledge_by = dispatched_at + acknowledge_within_hours, but never
//    after the deadline;
//  - dispatch_by = received_at + dispatch_within_minutes.
// The deadline is always later than dispatched_at: a same-day or 0-working-day
// limit reached in the very second of dispatch (23:59:59) moves to the end of
// the next (working) day.
// Whether received_at falls on a public holiday is looked up only for
// policies with a `during_holiday` condition that the request otherwise
// meets, and working days only for working_days limits; so a year without
// calendar fails (Unsupported, under `years_without_calendar: refuse`) only
// when one of them is needed.
// InvalidArgument for an unknown type, domain or sub-category, or a
// sub-category outside the given domain; NotFound when no policy applies
// (no `sla` section); InvalidArgument when the UTC offset is unknown.
Result<SlaDecision> ComputeSla(const Config& config, const SlaRequest& request);

// The same for a request dispatched as it is received (received_at ==
// dispatched_at).
Result<SlaDecision> ComputeSla(const Config& config, std::string_view type, std::string_view domain,
                               std::string_view subcategory_code, Urgency urgency,
                               UtcTime dispatched_at);

}  // namespace rexian
