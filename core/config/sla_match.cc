// SlaMatch precedence and the names of the SLA enums.
#include "rexian/config.h"

namespace rexian {

int SlaMatch::Specificity() const {
  // Powers of two: a condition outweighs every combination of lighter ones,
  // and equal specificity means exactly the same kinds of condition.
  int specificity = 0;
  if (urgency) specificity += 16;
  if (during_holiday) specificity += 8;
  if (!subcategory_codes.empty()) specificity += 4;
  if (!domain_codes.empty()) specificity += 2;
  if (!type_codes.empty()) specificity += 1;
  return specificity;
}

const char* UrgencyName(Urgency urgency) {
  switch (urgency) {
    case Urgency::kNormal:
      return "normal";
    case Urgency::kUrgent:
      return "urgent";
  }
  return "unknown";
}

const char* YearsWithoutCalendarName(YearsWithoutCalendar years) {
  switch (years) {
    case YearsWithoutCalendar::kRefuse:
      return "refuse";
    case YearsWithoutCalendar::kMondayToFriday:
      return "monday_to_friday";
  }
  return "unknown";
}

}  // namespace rexian
