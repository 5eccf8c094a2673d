// The `sla` section: the shipped Xuzhou policies, what a valid section yields, and a table of
// broken ones.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "minimal_config.h"
#include "rexian/config.h"
#include "scratch_dir.h"

namespace rexian {
namespace {

// Drops the newline after R"yaml( so that the text's line 1 is its first line.
std::string Yaml(const char* text) { return text[0] == '\n' ? text + 1 : text; }

// The minimal configuration plus sla.yaml.
const std::string kEntry =
    "include: [organisation.yaml, taxonomy.yaml, calendar.yaml, users.yaml, sla.yaml]\n";

const std::string kValidSla = Yaml(R"yaml(
sla:
  policies:
    - id: help
      match: {types: [help]}
      working_days: 3
)yaml");

Result<Config> LoadWith(const testing::ScratchDir& dir,
                        const std::map<std::string, std::string>& replaced) {
  auto files = testing::MinimalConfigFiles();
  files["rexian.yaml"] = kEntry;
  files["sla.yaml"] = kValidSla;
  for (const auto& [name, text] : replaced) files[name] = text;
  for (const auto& [name, text] : files) dir.Write(name, text);
  return LoadConfig(dir.path() + "/rexian.yaml");
}

Config LoadValid(const std::map<std::string, std::string>& replaced) {
  testing::ScratchDir dir;
  auto config = LoadWith(dir, replaced);
  INFO(config.status().ToString());
  REQUIRE(config.ok());
  return std::move(config).value();
}

// A calendar in another time zone, for the utc_offset cases.
std::string CalendarIn(const std::string& zone) {
  return "calendars:\n  - year: 2025\n    timezone: " + zone +
         "\n    holidays:\n      - {key: new_year, name_zh: 元旦, name_en: New Year, from: "
         "2025-01-01}\n";
}

// The minimal taxonomy with a second domain, for the domain/sub-category case.
const std::string kTwoDomains = Yaml(R"yaml(
taxonomy:
  types:
    - {code: "01", key: help, name_zh: 求助, name_en: Help}
  domains:
    - {code: "01", key: transport, name_zh: 交通出行, name_en: Transport,
       subcategories: [{code: "0101", name_zh: 路况管理, name_en: Roads, keywords: [路况]}]}
    - {code: "09", key: tourism_domain, name_zh: 科教文旅, name_en: Tourism,
       subcategories: [{code: "0901", name_zh: 旅游服务, name_en: Tourism, keywords: [旅游]}]}
)yaml");

TEST_CASE("sla: the shipped Xuzhou policies", "[config][sla]") {
  auto loaded = LoadConfig(std::string(REXIAN_SOURCE_DIR) + "/config/rexian.yaml");
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
  const SlaConfig& sla = loaded->sla;
  CHECK(sla.utc_offset == std::chrono::minutes{480});  // Asia/Shanghai from the table
  CHECK(sla.years_without_calendar == YearsWithoutCalendar::kRefuse);
  REQUIRE(sla.policies.size() == 6);

  struct Expected {
    const char* id;
    ResolveLimitKind kind;
    int amount;
    std::optional<int> dispatch_minutes;
  };
  const Expected expected[] = {
      {"urgent", ResolveLimitKind::kSameDay, 0, 15},
      {"holiday_tourism", ResolveLimitKind::kSameDay, 0, 30},
      {"consultation_help", ResolveLimitKind::kWorkingDays, 3, std::nullopt},
      {"complaint_report", ResolveLimitKind::kWorkingDays, 5, std::nullopt},
      {"suggestion", ResolveLimitKind::kWorkingDays, 10, std::nullopt},
      {"other", ResolveLimitKind::kWorkingDays, 5, std::nullopt},
  };
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    INFO(expected[i].id);
    const SlaPolicy& policy = sla.policies[i];
    CHECK(policy.id == expected[i].id);
    CHECK(policy.resolve.kind == expected[i].kind);
    CHECK(policy.resolve.amount == expected[i].amount);
    CHECK(policy.dispatch_within_minutes == expected[i].dispatch_minutes);
  }
  CHECK(sla.policies[0].match.urgency == Urgency::kUrgent);
  CHECK(sla.policies[0].next_day_after == std::chrono::hours{22});
  CHECK(sla.policies[1].next_day_after == std::chrono::hours{21});
  CHECK(sla.policies[1].match.subcategory_codes == std::vector<std::string>{"0901"});
  CHECK(sla.policies[1].match.during_holiday == true);
  // Types are written by key and stored by code.
  CHECK(sla.policies[2].match.type_codes == std::vector<std::string>{"02", "01"});
  CHECK(sla.policies[3].match.type_codes == std::vector<std::string>{"03"});
}

TEST_CASE("sla: a valid section, its defaults and its precedence weights", "[config][sla]") {
  const Config config = LoadValid({});
  REQUIRE(config.sla.policies.size() == 1);
  const SlaPolicy& policy = config.sla.policies.front();
  CHECK(policy.id == "help");
  CHECK(policy.match.type_codes == std::vector<std::string>{"01"});
  CHECK(policy.resolve.kind == ResolveLimitKind::kWorkingDays);
  CHECK(policy.resolve.amount == 3);
  CHECK_FALSE(policy.acknowledge_within_hours.has_value());
  CHECK_FALSE(policy.dispatch_within_minutes.has_value());
  CHECK(config.sla.years_without_calendar == YearsWithoutCalendar::kRefuse);
  CHECK(config.sla.utc_offset == std::chrono::minutes{480});

  SlaMatch match;
  CHECK(match.Specificity() == 0);
  match.type_codes = {"01"};
  CHECK(match.Specificity() == 1);
  match.domain_codes = {"01"};
  match.subcategory_codes = {"0101"};
  match.during_holiday = false;
  CHECK(match.Specificity() == 15);
  SlaMatch urgent;
  urgent.urgency = Urgency::kNormal;
  CHECK(urgent.Specificity() == 16);  // more than all the others together
}

TEST_CASE("sla: every limit and option is read", "[config][sla]") {
  const Config config = LoadValid({{"sla.yaml", Yaml(R"yaml(
sla:
  years_without_calendar: monday_to_friday
  utc_offset: "+08:00"
  policies:
    - {id: any, working_days: 0}
    - {id: urgent, match: {urgency: urgent, types: ["01"]}, hours: 4, acknowledge_within_hours: 1,
       dispatch_within_minutes: 10}
    - {id: holiday, match: {during_holiday: true, domains: [transport], subcategories: ["0101"]},
       same_day: true, next_day_after: "21:30"}
)yaml")}});
  const auto& policies = config.sla.policies;
  REQUIRE(policies.size() == 3);
  CHECK(config.sla.years_without_calendar == YearsWithoutCalendar::kMondayToFriday);
  CHECK(policies[0].resolve.kind == ResolveLimitKind::kWorkingDays);
  CHECK(policies[0].resolve.amount == 0);
  CHECK(policies[0].match.Specificity() == 0);
  CHECK(policies[1].resolve.kind == ResolveLimitKind::kHours);
  CHECK(policies[1].resolve.amount == 4);
  CHECK(policies[1].acknowledge_within_hours == 1);
  CHECK(policies[1].dispatch_within_minutes == 10);
  CHECK(policies[1].match.urgency == Urgency::kUrgent);
  CHECK(policies[2].resolve.kind == ResolveLimitKind::kSameDay);
  CHECK(policies[2].match.domain_codes == std::vector<std::string>{"01"});
  CHECK(policies[2].match.Specificity() == 14);
  CHECK(policies[2].next_day_after == std::chrono::minutes{21 * 60 + 30});
  CHECK_FALSE(policies[1].next_day_after.has_value());
}

TEST_CASE("sla: the UTC offset comes from the table or from sla.utc_offset", "[config][sla]") {
  // No sla section: the offset is still known for a zone in the table.
  testing::ScratchDir dir;
  for (const auto& [name, text] : testing::MinimalConfigFiles()) dir.Write(name, text);
  auto without = LoadConfig(dir.path() + "/rexian.yaml");
  REQUIRE(without.ok());
  CHECK(without->sla.utc_offset == std::chrono::minutes{480});
  CHECK(without->sla.policies.empty());

  const Config urumqi = LoadValid({{"calendar.yaml", CalendarIn("Asia/Urumqi")}});
  CHECK(urumqi.sla.utc_offset == std::chrono::minutes{360});

  const Config kolkata =
      LoadValid({{"calendar.yaml", CalendarIn("Asia/Kolkata")},
                 {"sla.yaml", "sla:\n  utc_offset: \"+05:30\"\n" + kValidSla.substr(5)}});
  CHECK(kolkata.sla.utc_offset == std::chrono::minutes{330});
}

struct BadCase {
  const char* name;
  std::map<std::string, std::string> files;  // replaced (or added) files
  std::vector<std::string> expected;         // substrings of the error message
};

const std::vector<BadCase>& Cases() {
  static const std::vector<BadCase> cases = {
      {"two resolve limits",
       {{"sla.yaml", "sla:\n  policies:\n    - {id: help, working_days: 3, hours: 4}\n"}},
       {"sla.yaml:3: sla.policies[0]: expected exactly one resolve limit (working_days, same_day "
        "or hours), got working_days and hours"}},
      {"three resolve limits",
       {{"sla.yaml",
         "sla:\n  policies:\n    - {id: help, working_days: 3, same_day: true, hours: 4}\n"}},
       {"sla.yaml:3: sla.policies[0]: expected exactly one resolve limit (working_days, same_day "
        "or hours), got working_days, same_day and hours"}},
      {"no resolve limit",
       {{"sla.yaml", "sla:\n  policies:\n    - {id: help}\n"}},
       {"sla.yaml:3: sla.policies[0]: expected exactly one resolve limit (working_days, same_day "
        "or hours), got none"}},
      {"a misspelt limit",
       {{"sla.yaml", "sla:\n  policies:\n    - {id: help, working_day: 3}\n"}},
       {"sla.yaml:3: sla.policies[0].working_day: unknown key (did you mean \"working_days\"?)",
        "sla.yaml:3: sla.policies[0]: expected exactly one resolve limit"}},
      {"same_day false",
       {{"sla.yaml", "sla:\n  policies:\n    - {id: help, same_day: false}\n"}},
       {"sla.yaml:3: sla.policies[0].same_day: expected true (for a limit in days or hours use "
        "working_days or hours instead), got \"false\""}},
      {"working_days out of range",
       {{"sla.yaml", "sla:\n  policies:\n    - {id: help, working_days: 121}\n"}},
       {"sla.yaml:3: sla.policies[0].working_days: expected an integer from 0 to 120, got "
        "\"121\""}},
      {"dispatch limit of zero minutes",
       {{"sla.yaml",
         "sla:\n  policies:\n    - {id: help, working_days: 3, dispatch_within_minutes: 0}\n"}},
       {"sla.yaml:3: sla.policies[0].dispatch_within_minutes: expected an integer from 1 to 1440, "
        "got \"0\""}},
      {"next_day_after is not a time of day",
       {{"sla.yaml",
         "sla:\n  policies:\n    - {id: help, same_day: true, next_day_after: \"24:00\"}\n"}},
       {"sla.yaml:3: sla.policies[0].next_day_after: expected a local time of day written HH:MM "
        "(e.g. \"21:00\"), got \"24:00\""}},
      {"next_day_after with working days",
       {{"sla.yaml",
         "sla:\n  policies:\n    - {id: help, working_days: 3, next_day_after: \"21:00\"}\n"}},
       {"sla.yaml:3: sla.policies[0].next_day_after: expected only next to same_day: true (the "
        "other limits already end after the day of dispatch)"}},
      {"policy without id",
       {{"sla.yaml", "sla:\n  policies:\n    - {working_days: 3}\n"}},
       {"sla.yaml:3: sla.policies[0]: missing required key \"id\""}},
      {"duplicate policy id",
       {{"sla.yaml", Yaml(R"yaml(
sla:
  policies:
    - {id: help, working_days: 3}
    - {id: help, match: {types: [help]}, working_days: 5}
)yaml")}},
       {"sla.yaml:4: sla.policies[1].id: duplicate policy id \"help\" (first defined at ",
        "/sla.yaml:3)"}},
      {"unknown type, with a suggestion",
       {{"sla.yaml",
         "sla:\n  policies:\n    - {id: help, match: {types: [halp]}, working_days: 3}\n"}},
       {"sla.yaml:3: sla.policies[0].match.types[0]: expected a type key or code in "
        "taxonomy.types, got \"halp\" (did you mean \"help\"?)"}},
      {"unknown domain",
       {{"sla.yaml",
         "sla:\n  policies:\n    - {id: help, match: {domains: [housing]}, working_days: 3}\n"}},
       {"sla.yaml:3: sla.policies[0].match.domains[0]: expected a domain key or code in "
        "taxonomy.domains, got \"housing\""}},
      {"unknown sub-category",
       {{"sla.yaml", Yaml(R"yaml(
sla:
  policies:
    - id: help
      match:
        subcategories: ["0101", "0999"]
      working_days: 3
)yaml")}},
       {"sla.yaml:5: sla.policies[0].match.subcategories[1]: expected the code of a sub-category "
        "in taxonomy.domains, got \"0999\""}},
      {"sub-category outside the policy's domains",
       {{"taxonomy.yaml", kTwoDomains}, {"sla.yaml", Yaml(R"yaml(
sla:
  policies:
    - {id: any, working_days: 5}
    - id: roads
      match:
        domains: [tourism_domain]
        subcategories: ["0101"]
      working_days: 3
)yaml")}},
       {"sla.yaml:7: sla.policies[1].match.subcategories: expected sub-categories of the listed "
        "domains (tourism_domain), got \"0101\" (of transport)"}},
      {"the same type twice, by key and by code",
       {{"sla.yaml",
         "sla:\n  policies:\n    - {id: help, match: {types: [help, \"01\"]}, working_days: 3}\n"}},
       {"sla.yaml:3: sla.policies[0].match.types[1]: duplicate \"01\" (same as \"help\")"}},
      {"an empty condition list",
       {{"sla.yaml", "sla:\n  policies:\n    - {id: help, match: {types: []}, working_days: 3}\n"}},
       {"sla.yaml:3: sla.policies[0].match.types: expected at least one type (omit the key to set "
        "no condition), got an empty list"}},
      {"unknown urgency",
       {{"sla.yaml",
         "sla:\n  policies:\n    - {id: help, match: {urgency: high}, working_days: 3}\n"}},
       {"sla.yaml:3: sla.policies[0].match.urgency: expected one of normal, urgent, got "
        "\"high\""}},
      {"unknown match key",
       {{"sla.yaml",
         "sla:\n  policies:\n    - {id: help, match: {type: [help]}, working_days: 3}\n"}},
       {"sla.yaml:3: sla.policies[0].match.type: unknown key (did you mean \"types\"?)"}},
      {"during_holiday is not a boolean",
       {{"sla.yaml",
         "sla:\n  policies:\n    - {id: help, match: {during_holiday: yes}, working_days: 3}\n"}},
       {"sla.yaml:3: sla.policies[0].match.during_holiday: expected true or false, got \"yes\""}},
      {"two policies equally specific for the same requests",
       {{"sla.yaml", Yaml(R"yaml(
sla:
  policies:
    - {id: help, match: {types: [help]}, working_days: 3}
    - {id: help_again, match: {types: ["01"]}, working_days: 5}
)yaml")}},
       {"sla.yaml:4: sla.policies[1]: ambiguous with policy \"help\" (at ",
        "/sla.yaml:3): both apply to some of the same requests with equally specific conditions; "
        "narrow one of them"}},
      {"a type no policy covers on its own",
       {{"sla.yaml", Yaml(R"yaml(
sla:
  policies:
    - {id: urgent, match: {urgency: urgent}, same_day: true}
    - {id: roads, match: {types: [help], subcategories: ["0101"]}, working_days: 3}
)yaml")}},
       {"sla.yaml:3: sla.policies: no policy applies to every request of type \"help\" (01): add "
        "one whose match is {types: [help]}, or one without match"}},
      {"no policies",
       {{"sla.yaml", "sla:\n  policies: []\n"}},
       {"sla.yaml:2: sla.policies: expected at least one policy, got an empty list"}},
      {"section is a list",
       {{"sla.yaml", "sla:\n  - id: help\n"}},
       {"sla.yaml:2: sla: expected a mapping (key: value lines), got a sequence"}},
      {"unknown years_without_calendar",
       {{"sla.yaml", "sla:\n  years_without_calendar: guess\n" + kValidSla.substr(5)}},
       {"sla.yaml:2: sla.years_without_calendar: expected one of refuse, monday_to_friday, got "
        "\"guess\""}},
      {"malformed utc_offset",
       {{"sla.yaml", "sla:\n  utc_offset: \"+8\"\n" + kValidSla.substr(5)}},
       {"sla.yaml:2: sla.utc_offset: expected a UTC offset written +HH:MM or -HH:MM, from -12:00 "
        "to +14:00 (e.g. \"+08:00\"), got \"+8\""}},
      {"utc_offset contradicting the table",
       {{"sla.yaml", "sla:\n  utc_offset: \"+09:00\"\n" + kValidSla.substr(5)}},
       {"sla.yaml:2: sla.utc_offset: expected +08:00, the fixed offset of the calendars' time "
        "zone \"Asia/Shanghai\" (or no utc_offset), got \"+09:00\""}},
      {"a time zone outside the table without utc_offset",
       {{"calendar.yaml", CalendarIn("Europe/Paris")}},
       {"sla.yaml:2: sla: missing required key \"utc_offset\": the calendars' time zone "
        "\"Europe/Paris\" is not in rexian's table of fixed-offset zones (docs/configuration.md)"}},
  };
  return cases;
}

TEST_CASE("sla: each broken section is refused with a message naming file, line and key",
          "[config][sla]") {
  {
    testing::ScratchDir dir;
    const auto valid = LoadWith(dir, {});
    INFO(valid.status().ToString());
    REQUIRE(valid.ok());
  }
  for (const BadCase& bad : Cases()) {
    testing::ScratchDir dir;
    const auto config = LoadWith(dir, bad.files);
    INFO("case: " << bad.name);
    REQUIRE_FALSE(config.ok());
    CHECK(config.status().IsInvalidArgument());
    for (const std::string& expected : bad.expected) {
      INFO("message: " << config.status().message());
      CHECK_THAT(config.status().message(), Catch::Matchers::Contains(expected));
    }
  }
}

TEST_CASE("sla: a broken taxonomy does not cascade into policy errors", "[config][sla]") {
  testing::ScratchDir dir;
  const auto config = LoadWith(
      dir, {{"taxonomy.yaml", "taxonomy:\n  types: []\n  domains: []\n"},
            {"sla.yaml",
             "sla:\n  policies:\n    - {id: help, match: {types: [help]}, working_days: 3}\n"}});
  REQUIRE_FALSE(config.ok());
  CHECK_THAT(config.status().message(), Catch::Matchers::Contains("taxonomy.types"));
  CHECK_THAT(config.status().message(), !Catch::Matchers::Contains("sla.policies"));
}

}  // namespace
}  // namespace rexian
