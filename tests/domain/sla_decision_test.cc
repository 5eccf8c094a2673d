// ComputeSla with the shipped Xuzhou policies and with a policy set built to show precedence.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "deadline_test_support.h"
#include "rexian/deadlines.h"

namespace rexian {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::Beijing;
using testing::EndOfBeijingDay;
using testing::Iso;
using testing::ShippedConfig;

SlaDecision Decide(const Config& config, const SlaRequest& request) {
  auto decision = ComputeSla(config, request);
  INFO(decision.status().ToString());
  REQUIRE(decision.ok());
  return *decision;
}

SlaRequest Request(std::string type, std::string subcategory, Urgency urgency, UtcTime at) {
  SlaRequest request;
  request.type = std::move(type);
  request.subcategory_code = std::move(subcategory);
  request.urgency = urgency;
  request.received_at = at;
  request.dispatched_at = at;
  return request;
}

TEST_CASE("shipped SLA: urgent requests are resolved the same day, even on a Sunday",
          "[domain][sla]") {
  const SlaDecision weekday = Decide(
      ShippedConfig(), Request("complaint", "0301", Urgency::kUrgent, Beijing(2025, 3, 12, 10)));
  CHECK(weekday.policy_id == "urgent");
  CHECK(Iso(weekday.deadline) == Iso(EndOfBeijingDay(2025, 3, 12)));
  CHECK(weekday.dispatch_by == Beijing(2025, 3, 12, 10, 15));
  CHECK(weekday.acknowledge_by == Beijing(2025, 3, 12, 11));

  const SlaDecision sunday =
      Decide(ShippedConfig(), Request("help", "", Urgency::kUrgent, Beijing(2025, 3, 16, 20)));
  CHECK(sunday.policy_id == "urgent");
  CHECK(Iso(sunday.deadline) == Iso(EndOfBeijingDay(2025, 3, 16)));
}

TEST_CASE("shipped SLA: deadlines by type in working days", "[domain][sla]") {
  struct Case {
    const char* type;  // by key or by code
    UtcTime dispatched;
    const char* policy;
    UtcTime deadline;
  };
  const Case cases[] = {
      // Friday afternoon: 3 working days is Wednesday.
      {"consultation", Beijing(2025, 3, 14, 16, 30), "consultation_help",
       EndOfBeijingDay(2025, 3, 19)},
      {"01", Beijing(2025, 3, 14, 16, 30), "consultation_help", EndOfBeijingDay(2025, 3, 19)},
      // Across the Spring Festival: Feb 5, 6, 7, 8 (make-up Saturday), 10.
      {"complaint", Beijing(2025, 1, 27, 10), "complaint_report", EndOfBeijingDay(2025, 2, 10)},
      // Across May Day: May 6, 7, 8, 9, 12, 13, 14, 15, 16, 19.
      {"suggestion", Beijing(2025, 4, 30, 9), "suggestion", EndOfBeijingDay(2025, 5, 19)},
      // Across the year boundary: Jan 2, 3, 6, 7, 8.
      {"other", Beijing(2024, 12, 31, 10), "other", EndOfBeijingDay(2025, 1, 8)},
      // Dispatched on the make-up Sunday Jan 26: Jan 27, Feb 5, 6.
      {"help", Beijing(2025, 1, 26, 11), "consultation_help", EndOfBeijingDay(2025, 2, 6)},
  };
  for (const Case& c : cases) {
    INFO(c.type << " dispatched " << Iso(c.dispatched));
    const SlaDecision decision =
        Decide(ShippedConfig(), Request(c.type, "0101", Urgency::kNormal, c.dispatched));
    CHECK(decision.policy_id == c.policy);
    CHECK(Iso(decision.deadline) == Iso(c.deadline));
    CHECK(decision.acknowledge_by == c.dispatched + hours{24});
    CHECK_FALSE(decision.dispatch_by.has_value());
  }
}

TEST_CASE("shipped SLA: tourism requests during a public holiday", "[domain][sla]") {
  // National Day holiday 2025 (Oct 1-8): dispatched within 30 minutes, resolved the same day.
  const SlaDecision holiday = Decide(
      ShippedConfig(), Request("complaint", "0901", Urgency::kNormal, Beijing(2025, 10, 3, 14)));
  CHECK(holiday.policy_id == "holiday_tourism");
  CHECK(Iso(holiday.deadline) == Iso(EndOfBeijingDay(2025, 10, 3)));
  CHECK(holiday.dispatch_by == Beijing(2025, 10, 3, 14, 30));
  CHECK(holiday.acknowledge_by == Beijing(2025, 10, 3, 15));

  // Also a consultation: the holiday rule outweighs the type.
  CHECK(Decide(ShippedConfig(),
               Request("consultation", "0901", Urgency::kNormal, Beijing(2025, 5, 2, 9)))
            .policy_id == "holiday_tourism");

  // A normal Friday: the complaint rule, 5 working days (Oct 11 is a make-up Saturday).
  const SlaDecision normal = Decide(
      ShippedConfig(), Request("complaint", "0901", Urgency::kNormal, Beijing(2025, 10, 10, 14)));
  CHECK(normal.policy_id == "complaint_report");
  CHECK(Iso(normal.deadline) == Iso(EndOfBeijingDay(2025, 10, 16)));
  CHECK_FALSE(normal.dispatch_by.has_value());

  // A weekend is not a public holiday.
  CHECK(Decide(ShippedConfig(),
               Request("complaint", "0901", Urgency::kNormal, Beijing(2025, 10, 18, 14)))
            .policy_id == "complaint_report");

  // Other sub-categories of the same domain are not tourism.
  CHECK(Decide(ShippedConfig(),
               Request("complaint", "0903", Urgency::kNormal, Beijing(2025, 10, 3, 14)))
            .policy_id == "complaint_report");

  // Received late on the last day of the holiday, dispatched after midnight:
  // the holiday rule still applies, the same day is the day of dispatch.
  SlaRequest late = Request("complaint", "0901", Urgency::kNormal, Beijing(2025, 10, 8, 23, 50));
  late.dispatched_at = Beijing(2025, 10, 9, 0, 10);
  const SlaDecision late_decision = Decide(ShippedConfig(), late);
  CHECK(late_decision.policy_id == "holiday_tourism");
  CHECK(Iso(late_decision.deadline) == Iso(EndOfBeijingDay(2025, 10, 9)));
  CHECK(late_decision.dispatch_by == Beijing(2025, 10, 9, 0, 20));
  CHECK(late_decision.acknowledge_by == Beijing(2025, 10, 9, 1, 10));
}

TEST_CASE("shipped SLA: same-day requests dispatched late in the evening are due the next day",
          "[domain][sla]") {
  // urgent: next_day_after 22:00.
  const SlaDecision before = Decide(
      ShippedConfig(), Request("help", "", Urgency::kUrgent, Beijing(2025, 3, 12, 21, 59, 59)));
  CHECK(Iso(before.deadline) == Iso(EndOfBeijingDay(2025, 3, 12)));
  const SlaDecision after =
      Decide(ShippedConfig(), Request("help", "", Urgency::kUrgent, Beijing(2025, 3, 12, 22)));
  CHECK(Iso(after.deadline) == Iso(EndOfBeijingDay(2025, 3, 13)));
  CHECK(after.acknowledge_by == Beijing(2025, 3, 12, 23));
  // holiday_tourism: next_day_after 21:00; the next day need not be a holiday.
  const SlaDecision evening = Decide(ShippedConfig(), Request("complaint", "0901", Urgency::kNormal,
                                                              Beijing(2025, 10, 8, 21, 10)));
  CHECK(evening.policy_id == "holiday_tourism");
  CHECK(Iso(evening.deadline) == Iso(EndOfBeijingDay(2025, 10, 9)));
  CHECK(evening.dispatch_by == Beijing(2025, 10, 8, 21, 40));
}

TEST_CASE("shipped SLA: urgency outweighs the holiday tourism rule", "[domain][sla]") {
  const SlaDecision decision = Decide(
      ShippedConfig(), Request("complaint", "0901", Urgency::kUrgent, Beijing(2025, 10, 3, 14)));
  CHECK(decision.policy_id == "urgent");
  CHECK(decision.dispatch_by == Beijing(2025, 10, 3, 14, 15));
}

TEST_CASE("the six-argument ComputeSla is the request dispatched as received", "[domain][sla]") {
  auto decision = ComputeSla(ShippedConfig(), "complaint", "education_culture_tourism", "0901",
                             Urgency::kNormal, Beijing(2025, 10, 3, 14));
  REQUIRE(decision.ok());
  CHECK(decision->policy_id == "holiday_tourism");
  CHECK(decision->dispatch_by == Beijing(2025, 10, 3, 14, 30));
  auto by_codes =
      ComputeSla(ShippedConfig(), "03", "09", "", Urgency::kNormal, Beijing(2025, 3, 14, 16, 30));
  REQUIRE(by_codes.ok());
  CHECK(by_codes->policy_id == "complaint_report");
}

TEST_CASE("ComputeSla refuses what it cannot classify", "[domain][sla]") {
  const UtcTime at = Beijing(2025, 3, 14, 10);
  const Config& config = ShippedConfig();
  auto unknown_type = ComputeSla(config, "praise", "", "", Urgency::kNormal, at);
  CHECK(unknown_type.status().IsInvalidArgument());
  CHECK(unknown_type.status().message() == "unknown request type \"praise\"");
  CHECK(ComputeSla(config, "", "", "", Urgency::kNormal, at).status().IsInvalidArgument());
  CHECK(
      ComputeSla(config, "help", "nowhere", "", Urgency::kNormal, at).status().IsInvalidArgument());
  CHECK(ComputeSla(config, "help", "", "0999", Urgency::kNormal, at).status().IsInvalidArgument());
  auto mismatch = ComputeSla(config, "help", "transport", "0901", Urgency::kNormal, at);
  CHECK(mismatch.status().message() == "sub-category \"0901\" is not in domain \"transport\"");
}

TEST_CASE("shipped SLA: a year without calendar is refused only when working days are needed",
          "[domain][sla]") {
  const UtcTime in_2027 = Beijing(2027, 3, 12, 10);
  auto complaint = ComputeSla(ShippedConfig(), "complaint", "", "0101", Urgency::kNormal, in_2027);
  CHECK(complaint.status().IsUnsupported());
  // Same-day limits need no calendar...
  auto urgent = ComputeSla(ShippedConfig(), "complaint", "", "0101", Urgency::kUrgent, in_2027);
  REQUIRE(urgent.ok());
  CHECK(urgent->deadline == EndOfBeijingDay(2027, 3, 12));
  // ...but whether a tourism request came in on a holiday does.
  CHECK(ComputeSla(ShippedConfig(), "complaint", "", "0901", Urgency::kNormal, in_2027)
            .status()
            .IsUnsupported());
}

// ---- precedence, on a policy set with one policy per kind of condition

// The shipped organisation, taxonomy and calendars with `sla_yaml` instead
// of config/sla.yaml, written to a fresh directory.
Config LoadWithSla(const std::string& name, const std::string& sla_yaml) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("rexian_sla_test_" + name + "_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string source = std::string(REXIAN_SOURCE_DIR) + "/config/";
  std::ofstream(dir / "rexian.yaml") << "include:\n"
                                     << "  - " << source << "organisation.yaml\n"
                                     << "  - " << source << "taxonomy.yaml\n"
                                     << "  - " << source << "calendars/2024.yaml\n"
                                     << "  - " << source << "calendars/2025.yaml\n"
                                     << "  - sla.yaml\n";
  std::ofstream(dir / "sla.yaml") << sla_yaml;
  auto config = LoadConfig((dir / "rexian.yaml").string());
  fs::remove_all(dir);
  INFO(config.status().ToString());
  REQUIRE(config.ok());
  return std::move(config).value();
}

TEST_CASE("the most specific policy wins: urgency > holiday > sub-category > domain > type",
          "[domain][sla]") {
  const Config config = LoadWithSla("precedence", R"yaml(
sla:
  policies:
    - {id: any, working_days: 9}
    - {id: by_type, match: {types: [complaint]}, working_days: 8}
    - {id: by_domain, match: {domains: [transport]}, working_days: 7}
    - {id: by_domain_and_type, match: {domains: [transport], types: [complaint]}, working_days: 6}
    - {id: by_subcategory, match: {subcategories: ["0101"]}, working_days: 5}
    - {id: by_holiday, match: {during_holiday: true}, working_days: 4}
    - {id: by_urgency, match: {urgency: urgent}, hours: 4}
)yaml");
  const UtcTime workday = Beijing(2025, 3, 12, 10);
  const UtcTime holiday = Beijing(2025, 10, 2, 10);
  struct Case {
    const char* type;
    const char* domain;
    const char* subcategory;
    Urgency urgency;
    UtcTime at;
    const char* expected;
  };
  const Case cases[] = {
      {"help", "", "", Urgency::kNormal, workday, "any"},
      {"complaint", "", "", Urgency::kNormal, workday, "by_type"},
      {"help", "transport", "", Urgency::kNormal, workday, "by_domain"},
      {"complaint", "transport", "", Urgency::kNormal, workday, "by_domain_and_type"},
      {"complaint", "", "0102", Urgency::kNormal, workday, "by_domain_and_type"},
      {"complaint", "", "0101", Urgency::kNormal, workday, "by_subcategory"},
      {"complaint", "", "0101", Urgency::kNormal, holiday, "by_holiday"},
      {"help", "", "0901", Urgency::kNormal, holiday, "by_holiday"},
      {"complaint", "", "0101", Urgency::kUrgent, holiday, "by_urgency"},
      {"help", "", "", Urgency::kUrgent, workday, "by_urgency"},
  };
  for (const Case& c : cases) {
    INFO(c.type << " / " << c.domain << " / " << c.subcategory << " / " << UrgencyName(c.urgency)
                << " / " << Iso(c.at));
    auto decision = ComputeSla(config, c.type, c.domain, c.subcategory, c.urgency, c.at);
    REQUIRE(decision.ok());
    CHECK(decision->policy_id == c.expected);
  }
  // hours: wall-clock time, nights and holidays included.
  auto urgent = ComputeSla(config, "help", "", "", Urgency::kUrgent, Beijing(2025, 10, 1, 22));
  CHECK(urgent->deadline == Beijing(2025, 10, 2, 2));
}

TEST_CASE("a holiday is looked up only for a policy that could win, whatever the file order",
          "[domain][sla]") {
  const Config config = LoadWithSla("order", R"yaml(
sla:
  policies:
    - {id: holiday, match: {during_holiday: true}, same_day: true}
    - {id: any, hours: 48}
    - {id: urgent, match: {urgency: urgent}, hours: 2}
)yaml");
  // 2026 has no calendar: the urgent policy outranks the holiday one, so no lookup is needed.
  auto urgent = ComputeSla(config, "help", "", "", Urgency::kUrgent, Beijing(2026, 5, 1, 10));
  REQUIRE(urgent.ok());
  CHECK(urgent->policy_id == "urgent");
  CHECK(ComputeSla(config, "help", "", "", Urgency::kNormal, Beijing(2026, 5, 1, 10))
            .status()
            .IsUnsupported());
}

TEST_CASE("years_without_calendar: monday_to_friday counts unknown years as Monday to Friday",
          "[domain][sla]") {
  const Config config = LoadWithSla("monday_to_friday", R"yaml(
sla:
  years_without_calendar: monday_to_friday
  policies:
    - {id: five_days, working_days: 5}
)yaml");
  // Wednesday Dec 31 2025 + 5: Jan 1 (no holiday known for 2026), 2, 5, 6, 7.
  auto decision =
      ComputeSla(config, "complaint", "", "", Urgency::kNormal, Beijing(2025, 12, 31, 10));
  REQUIRE(decision.ok());
  CHECK(decision->deadline == EndOfBeijingDay(2026, 1, 7));
  CHECK_FALSE(decision->acknowledge_by.has_value());
}

TEST_CASE("a deadline is always after dispatch, an acknowledgement never after the deadline",
          "[domain][sla]") {
  const Config config = LoadWithSla("edges", R"yaml(
sla:
  policies:
    - {id: same_day, match: {types: [help]}, same_day: true, acknowledge_within_hours: 2}
    - {id: zero_days, match: {types: [complaint]}, working_days: 0, acknowledge_within_hours: 48}
    - {id: any, working_days: 5}
)yaml");
  // 23:00: due at 23:59:59, so acknowledged by then too, not at 01:00.
  SlaDecision late =
      Decide(config, Request("help", "", Urgency::kNormal, Beijing(2025, 3, 12, 23)));
  CHECK(late.deadline == EndOfBeijingDay(2025, 3, 12));
  CHECK(late.acknowledge_by == EndOfBeijingDay(2025, 3, 12));
  // The last second of the day leaves no time: the end of the next day.
  SlaDecision last_second =
      Decide(config, Request("help", "", Urgency::kNormal, EndOfBeijingDay(2025, 3, 12)));
  CHECK(last_second.deadline == EndOfBeijingDay(2025, 3, 13));
  // 0 working days: the end of the day of dispatch if it is worked, else the next working day;
  // from its last second, the next working day (Friday -> Monday).
  CHECK(Decide(config, Request("complaint", "", Urgency::kNormal, Beijing(2025, 3, 14, 10)))
            .deadline == EndOfBeijingDay(2025, 3, 14));
  CHECK(Decide(config, Request("complaint", "", Urgency::kNormal, Beijing(2025, 3, 15, 10)))
            .deadline == EndOfBeijingDay(2025, 3, 17));
  SlaDecision friday_last_second =
      Decide(config, Request("complaint", "", Urgency::kNormal, EndOfBeijingDay(2025, 3, 14)));
  CHECK(friday_last_second.deadline == EndOfBeijingDay(2025, 3, 17));
  CHECK(friday_last_second.acknowledge_by == EndOfBeijingDay(2025, 3, 16));
}

TEST_CASE("without an sla section no deadline can be computed", "[domain][sla]") {
  Config config = ShippedConfig();
  config.sla.policies.clear();
  auto decision = ComputeSla(config, "help", "", "", Urgency::kNormal, Beijing(2025, 3, 12));
  CHECK(decision.status().IsNotFound());
}

}  // namespace
}  // namespace rexian
