// The `routing` section: the shipped Xuzhou rules, what a valid section yields, and a table of
// broken ones.
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "minimal_config.h"
#include "rexian/config.h"
#include "scratch_dir.h"

namespace rexian {
namespace {

// Drops the newline after R"yaml( so that the text's line 1 is its first line.
std::string Yaml(const char* text) { return text[0] == '\n' ? text + 1 : text; }

// The minimal configuration plus routing.yaml. Its organisation has the city
// (3203) and 鼓楼区 (320302), each with a tourism department ("-019").
const std::string kEntry =
    "include: [organisation.yaml, taxonomy.yaml, calendar.yaml, users.yaml, routing.yaml]\n";

const std::string kValidRouting = Yaml(R"yaml(
routing:
  rules:
    - {id: gulou_roads, match: {subcategories: ["0101"], platforms: ["320302"]}, lead: "3203-019"}
    - id: holiday_roads
      match: {subcategories: ["0101"], keywords: [路况, 拥堵], types: [help], during_holiday: true}
      lead: tourism
    - {id: default, lead: tourism}
)yaml");

Result<Config> LoadWith(const testing::ScratchDir& dir,
                        const std::map<std::string, std::string>& replaced) {
  auto files = testing::MinimalConfigFiles();
  files["rexian.yaml"] = kEntry;
  files["routing.yaml"] = kValidRouting;
  for (const auto& [name, text] : replaced) files[name] = text;
  for (const auto& [name, text] : files) dir.Write(name, text);
  return LoadConfig(dir.path() + "/rexian.yaml");
}

// The minimal organisation plus a police department on each platform.
const std::string kWithPolice = Yaml(R"yaml(
organisation:
  platforms:
    - {code: "3203", name_zh: 徐州市, name_en: Xuzhou, level: city}
    - {code: "320302", name_zh: 鼓楼区, name_en: Gulou District, level: district, parent: "3203"}
  departments:
    - {code: "3203-019", kind: tourism, platform: "3203", name_zh: 市文旅局, name_en: Tourism}
    - {code: "320302-019", kind: tourism, platform: "320302", name_zh: 区文旅局, name_en: Tourism}
    - {code: "3203-006", kind: police, platform: "3203", name_zh: 市公安局, name_en: Police}
)yaml");

TEST_CASE("routing: the shipped Xuzhou rules", "[config][routing]") {
  auto loaded = LoadConfig(std::string(REXIAN_SOURCE_DIR) + "/config/rexian.yaml");
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
  const auto& rules = loaded->routing.rules;
  REQUIRE(rules.size() >= 40);
  CHECK(rules.back().id == "default");
  CHECK(rules.back().match.MatchesEverything());
  CHECK(rules.back().lead.kind == "general_office");
  std::set<std::string> ids;
  for (const RoutingRule& rule : rules) {
    INFO(rule.id);
    CHECK(ids.insert(rule.id).second);
    CHECK((rule.lead.kind.empty() != rule.lead.code.empty()));
    CHECK((&rule == &rules.back()) == rule.match.MatchesEverything());
  }
  const auto find = [&](const std::string& id) -> const RoutingRule& {
    for (const RoutingRule& rule : rules) {
      if (rule.id == id) return rule;
    }
    FAIL("no rule " << id);
    return rules.front();
  };
  const RoutingRule& holiday = find("holiday_tourism_complaint");
  CHECK(holiday.match.subcategory_codes == std::vector<std::string>{"0901"});
  CHECK(holiday.match.type_codes == std::vector<std::string>{"03"});
  CHECK(holiday.match.during_holiday == true);
  CHECK(holiday.lead.kind == "tourism");
  REQUIRE(holiday.assisting.size() == 2);
  CHECK(holiday.assisting[0].kind == "market_regulation");
  CHECK(holiday.assisting[1].kind == "development_reform");
  CHECK(find("medical_insurance").lead.kind == "medical_insurance");
  CHECK(find("housing_provident_fund").lead.kind == "housing_fund");
  CHECK(find("road_conditions").assisting.front().kind == "traffic_police");
  CHECK(find("county_roads").match.platform_codes.size() == 5);
}

TEST_CASE("routing: a valid section", "[config][routing]") {
  testing::ScratchDir dir;
  auto config = LoadWith(dir, {});
  INFO(config.status().ToString());
  REQUIRE(config.ok());
  const auto& rules = config->routing.rules;
  REQUIRE(rules.size() == 3);
  CHECK(rules[0].lead.code == "3203-019");
  CHECK(rules[0].lead.kind.empty());
  CHECK(rules[0].match.platform_codes == std::vector<std::string>{"320302"});
  CHECK(rules[1].lead.kind == "tourism");
  CHECK(rules[1].match.keywords == std::vector<std::string>{"路况", "拥堵"});
  CHECK(rules[1].match.type_codes == std::vector<std::string>{"01"});
  CHECK(rules[1].match.during_holiday == true);
  CHECK_FALSE(rules[1].match.MatchesEverything());
  CHECK(rules[2].match.MatchesEverything());
  CHECK(rules[2].assisting.empty());
}

struct BadCase {
  const char* name;
  std::map<std::string, std::string> files;  // replaced (or added) files
  std::vector<std::string> expected;         // substrings of the error message
};

const std::vector<BadCase>& Cases() {
  static const std::vector<BadCase> cases = {
      {"a rule with no lead",
       {{"routing.yaml", Yaml(R"yaml(
routing:
  rules:
    - {id: roads, match: {subcategories: ["0101"]}}
    - {id: default, lead: tourism}
)yaml")}},
       {"routing.yaml:3: routing.rules[0]: missing required key \"lead\""}},
      {"an unknown department kind, with a suggestion",
       {{"routing.yaml", "routing:\n  rules:\n    - {id: default, lead: tourist}\n"}},
       {"routing.yaml:3: routing.rules[0].lead: expected a department kind that exists on the "
        "city platform \"3203\", got \"tourist\" (did you mean \"tourism\"?)"}},
      {"a kind only a district has",
       {{"organisation.yaml", kWithPolice + "    - {code: \"320302-014\", kind: city_management, "
                                            "platform: \"320302\", name_zh: 城管, name_en: CM}\n"},
        {"routing.yaml", "routing:\n  rules:\n    - {id: default, lead: city_management}\n"}},
       {"routing.yaml:3: routing.rules[0].lead: expected a department kind that exists on the "
        "city platform \"3203\", got \"city_management\""}},
      {"neither a kind nor a code",
       {{"routing.yaml", "routing:\n  rules:\n    - {id: default, lead: Tourism}\n"}},
       {"routing.yaml:3: routing.rules[0].lead: expected a department kind ([a-z][a-z0-9_]*) or "
        "a department code (e.g. \"3203-019\"), got \"Tourism\""}},
      {"an unknown department code",
       {{"routing.yaml", "routing:\n  rules:\n    - {id: default, lead: \"3203-099\"}\n"}},
       {"routing.yaml:3: routing.rules[0].lead: expected the code of a department in "
        "organisation.departments, got \"3203-099\""}},
      {"an unknown assisting kind",
       {{"routing.yaml",
         "routing:\n  rules:\n    - {id: default, lead: tourism, assisting: [polise]}\n"}},
       {"routing.yaml:3: routing.rules[0].assisting[0]: expected a department kind that exists on "
        "the city platform \"3203\", got \"polise\""}},
      {"the lead also assisting",
       {{"routing.yaml",
         "routing:\n  rules:\n    - {id: default, lead: tourism, assisting: [tourism]}\n"}},
       {"routing.yaml:3: routing.rules[0].assisting[0]: expected departments other than the "
        "lead, got \"tourism\""}},
      {"an assisting department twice",
       {{"organisation.yaml", kWithPolice},
        {"routing.yaml",
         "routing:\n  rules:\n    - {id: default, lead: tourism, assisting: [police, police]}\n"}},
       {"routing.yaml:3: routing.rules[0].assisting[1]: duplicate \"police\""}},
      {"an unknown platform",
       {{"routing.yaml", Yaml(R"yaml(
routing:
  rules:
    - {id: roads, match: {platforms: ["320399"]}, lead: tourism}
    - {id: default, lead: tourism}
)yaml")}},
       {"routing.yaml:3: routing.rules[0].match.platforms[0]: expected the code of a platform in "
        "organisation.platforms, got \"320399\""}},
      {"an unknown sub-category",
       {{"routing.yaml", Yaml(R"yaml(
routing:
  rules:
    - {id: roads, match: {subcategories: ["0102"]}, lead: tourism}
    - {id: default, lead: tourism}
)yaml")}},
       {"routing.yaml:3: routing.rules[0].match.subcategories[0]: expected the code of a "
        "sub-category in taxonomy.domains, got \"0102\""}},
      {"an unknown type",
       {{"routing.yaml", Yaml(R"yaml(
routing:
  rules:
    - {id: complaints, match: {types: [complaint]}, lead: tourism}
    - {id: default, lead: tourism}
)yaml")}},
       {"routing.yaml:3: routing.rules[0].match.types[0]: expected a type key or code in "
        "taxonomy.types, got \"complaint\""}},
      {"an empty keyword list",
       {{"routing.yaml", Yaml(R"yaml(
routing:
  rules:
    - {id: roads, match: {keywords: []}, lead: tourism}
    - {id: default, lead: tourism}
)yaml")}},
       {"routing.yaml:3: routing.rules[0].match.keywords: expected at least one keyword (omit the "
        "key to set no condition), got an empty list"}},
      {"a repeated keyword",
       {{"routing.yaml", Yaml(R"yaml(
routing:
  rules:
    - {id: roads, match: {keywords: [拥堵, 拥堵]}, lead: tourism}
    - {id: default, lead: tourism}
)yaml")}},
       {"routing.yaml:3: routing.rules[0].match.keywords[1]: duplicate \"拥堵\""}},
      {"duplicate rule ids",
       {{"routing.yaml", Yaml(R"yaml(
routing:
  rules:
    - {id: roads, match: {subcategories: ["0101"]}, lead: tourism}
    - {id: roads, lead: tourism}
)yaml")}},
       {"routing.yaml:4: routing.rules[1].id: duplicate rule id \"roads\" (first defined at ",
        "/routing.yaml:3)"}},
      {"no default rule at the end",
       {{"routing.yaml", Yaml(R"yaml(
routing:
  rules:
    - {id: roads, match: {subcategories: ["0101"]}, lead: tourism}
)yaml")}},
       {"routing.yaml:3: routing.rules[0]: expected the last rule to be a default rule without "
        "match, so that every request is routed"}},
      {"the default rule first",
       {{"routing.yaml", Yaml(R"yaml(
routing:
  rules:
    - {id: default, lead: tourism}
    - {id: roads, match: {subcategories: ["0101"]}, lead: tourism}
)yaml")}},
       {"routing.yaml:4: routing.rules[1]: expected the last rule to be a default rule",
        "routing.yaml:4: routing.rules[1]: unreachable: rule \"default\" (at ",
        "/routing.yaml:3) comes first and matches every request this rule matches; put the more "
        "specific rule first"}},
      {"a specific rule behind a general one",
       {{"routing.yaml", Yaml(R"yaml(
routing:
  rules:
    - {id: roads, match: {subcategories: ["0101"]}, lead: tourism}
    - {id: gulou_jams, match: {subcategories: ["0101"], platforms: ["320302"], keywords: [拥堵]},
       lead: "320302-019"}
    - {id: default, lead: tourism}
)yaml")}},
       {"routing.yaml:4: routing.rules[1]: unreachable: rule \"roads\" (at "}},
      {"a longer keyword behind a shorter one",
       {{"routing.yaml", Yaml(R"yaml(
routing:
  rules:
    - {id: lights, match: {keywords: [红绿灯]}, lead: tourism}
    - {id: broken_lights, match: {keywords: [红绿灯坏了, 红绿灯不亮]}, lead: tourism}
    - {id: default, lead: tourism}
)yaml")}},
       {"routing.yaml:4: routing.rules[1]: unreachable: rule \"lights\" (at "}},
      {"during_holiday is not a boolean",
       {{"routing.yaml", Yaml(R"yaml(
routing:
  rules:
    - {id: holiday, match: {during_holiday: yes}, lead: tourism}
    - {id: default, lead: tourism}
)yaml")}},
       {"routing.yaml:3: routing.rules[0].match.during_holiday: expected true or false, got "
        "\"yes\""}},
      {"no rules",
       {{"routing.yaml", "routing:\n  rules: []\n"}},
       {"routing.yaml:2: routing.rules: expected at least one rule, got an empty list"}},
      {"an unknown key in a rule",
       {{"routing.yaml", "routing:\n  rules:\n    - {id: default, lead: tourism, asisting: []}\n"}},
       {"routing.yaml:3: routing.rules[0].asisting: unknown key (did you mean \"assisting\"?)"}},
  };
  return cases;
}

TEST_CASE("routing: each broken section is refused with a message naming file, line and key",
          "[config][routing]") {
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

TEST_CASE("routing: rules in the right order are accepted", "[config][routing]") {
  // The specific rule first: the reverse of the unreachable cases.
  testing::ScratchDir dir;
  const auto config = LoadWith(dir, {{"routing.yaml", Yaml(R"yaml(
routing:
  rules:
    - {id: broken_lights, match: {keywords: [红绿灯坏了, 红绿灯不亮]}, lead: tourism}
    - {id: lights, match: {keywords: [红绿灯]}, lead: tourism}
    - {id: gulou_jams, match: {subcategories: ["0101"], platforms: ["320302"], keywords: [拥堵]},
       lead: "320302-019"}
    - {id: roads, match: {subcategories: ["0101"]}, lead: tourism}
    - {id: holiday_only, match: {during_holiday: true}, lead: tourism}
    - {id: not_holiday, match: {during_holiday: false}, lead: tourism}
    - {id: default, lead: tourism}
)yaml")}});
  INFO(config.status().ToString());
  CHECK(config.ok());
}

TEST_CASE("routing: a broken organisation does not cascade into rule errors", "[config][routing]") {
  testing::ScratchDir dir;
  const auto config =
      LoadWith(dir, {{"organisation.yaml", "organisation:\n  platforms: []\n  departments: []\n"}});
  REQUIRE_FALSE(config.ok());
  CHECK_THAT(config.status().message(), Catch::Matchers::Contains("organisation.platforms"));
  CHECK_THAT(config.status().message(), !Catch::Matchers::Contains("routing.rules"));
}

}  // namespace
}  // namespace rexian
