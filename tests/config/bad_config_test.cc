// A table of broken configurations, each with the exact error it must produce.
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

const std::string kIncludes =
    "include: [organisation.yaml, taxonomy.yaml, calendar.yaml, users.yaml]\n";

const std::string kAgentHash = "8e9534173175a32387cf771e897d910787928ab81dae43484643bdede08632e7";

struct BadCase {
  const char* name;
  std::map<std::string, std::string> files;  // replaced (or added) files
  std::vector<std::string> expected;         // substrings of the error message
};

const std::vector<BadCase>& Cases() {
  static const std::vector<BadCase> cases = {
      // ---- typed values, ranges, enums (rexian.yaml)
      {"unknown key, with a suggestion",
       {{"rexian.yaml", kIncludes + "server:\n  prot: 8345\n"}},
       {"rexian.yaml:3: server.prot: unknown key (did you mean \"port\"?)"}},
      {"port out of range",
       {{"rexian.yaml", kIncludes + "server:\n  port: 70000\n"}},
       {"rexian.yaml:3: server.port: expected an integer from 1 to 65535, got \"70000\""}},
      {"port of the wrong type",
       {{"rexian.yaml", kIncludes + "server:\n  port: {number: 1}\n"}},
       {"rexian.yaml:3: server.port: expected an integer from 1 to 65535, got a mapping"}},
      {"bind is a host name, not an address",
       {{"rexian.yaml", kIncludes + "server:\n  bind: localhost\n"}},
       {"rexian.yaml:3: server.bind: expected an IPv4 or IPv6 address such as 127.0.0.1, "
        "got \"localhost\""}},
      {"io_threads zero",
       {{"rexian.yaml", kIncludes + "server:\n  io_threads: 0\n"}},
       {"rexian.yaml:3: server.io_threads: expected an integer from 1 to 64, got \"0\""}},
      {"postgres backend without a dsn",
       {{"rexian.yaml", kIncludes + "store:\n  backend: postgres\n"}},
       {"rexian.yaml:3: store.backend: the postgres backend needs store.dsn"}},
      {"dsn with the lmdb backend",
       {{"rexian.yaml", kIncludes + "store:\n  dsn: host=db\n"}},
       {"rexian.yaml:3: store.dsn: only meaningful with backend: postgres"}},
      {"reactor lease too short",
       {{"rexian.yaml", kIncludes + "store:\n  reactor_lease_ms: 50\n"}},
       {"rexian.yaml:3: store.reactor_lease_ms: expected an integer from 300 to 600000, got \"50\""}},
      {"unknown durability",
       {{"rexian.yaml", kIncludes + "store:\n  durability: sometimes\n"}},
       {"rexian.yaml:3: store.durability: expected one of fsync, relaxed, got \"sometimes\""}},
      {"key store inside the log directory",
       {{"rexian.yaml", kIncludes + "store:\n  path: var/log\n  keys_path: var/log/keys\n"}},
       {"rexian.yaml:4: store.keys_path: expected a directory apart from store.path, "
        "got \"var/log/keys\" which overlaps \"var/log\""}},
      {"section is a list instead of a mapping",
       {{"rexian.yaml", kIncludes + "server:\n  - port: 1\n"}},
       {"rexian.yaml:3: server: expected a mapping (key: value lines), got a sequence"}},

      // ---- files, includes, sections
      {"unknown top-level key",
       {{"rexian.yaml", kIncludes + "taxonomie: {}\n"}},
       {"rexian.yaml:2: taxonomie: unknown top-level key (did you mean \"taxonomy\"?)"}},
      {"missing include file",
       {{"rexian.yaml", Yaml(R"yaml(
include:
  - organisation.yaml
  - taxonomy.yaml
  - calendars.yaml
  - users.yaml
)yaml")}},
       {"rexian.yaml:4: include[2]: cannot read \"", "/calendars.yaml\": no such file"}},
      {"include cycle",
       {{"users.yaml", "include: [rexian.yaml]\nusers: []\n"}},
       {"users.yaml:1: include[0]: include cycle: ", "/rexian.yaml -> ", "/users.yaml -> "}},
      {"file included twice",
       {{"users.yaml", "include: [taxonomy.yaml]\nusers: []\n"}},
       {"users.yaml:1: include[0]: \"", "/taxonomy.yaml\" is already included (at ",
        "rexian.yaml:3)"}},
      {"YAML syntax error",
       {{"taxonomy.yaml", "taxonomy:\n  types: [\n"}},
       {"/taxonomy.yaml:", ": YAML syntax error: "}},
      {"section defined in two files",
       {{"users.yaml", "taxonomy: {}\nusers: []\n"}},
       {"users.yaml:1: taxonomy: section \"taxonomy\" is already defined at ", "/taxonomy.yaml:1"}},
      {"missing required section",
       {{"calendar.yaml", "# nothing here yet\n"}},
       {"rexian.yaml: calendars: missing required section"}},

      // ---- organisation
      {"platform without name_en",
       {{"organisation.yaml", Yaml(R"yaml(
organisation:
  platforms:
    - {code: "3203", name_zh: 徐州市, name_en: Xuzhou, level: city}
    - {code: "320302", name_zh: 鼓楼区, level: district, parent: "3203"}
  departments: []
)yaml")}},
       {"organisation.yaml:4: organisation.platforms[1]: missing required key \"name_en\""}},
      {"duplicate platform code",
       {{"organisation.yaml", Yaml(R"yaml(
organisation:
  platforms:
    - {code: "3203", name_zh: 徐州市, name_en: Xuzhou, level: city}
    - {code: "3203", name_zh: 鼓楼区, name_en: Gulou, level: district, parent: "3203"}
  departments: []
)yaml")}},
       {"organisation.yaml:4: organisation.platforms[1].code: duplicate platform code \"3203\" "
        "(first defined at ",
        "/organisation.yaml:3)"}},
      {"no city platform",
       {{"organisation.yaml", Yaml(R"yaml(
organisation:
  platforms:
    - {code: "320302", name_zh: 鼓楼区, name_en: Gulou, level: district, parent: "3203"}
  departments: []
)yaml")}},
       {"organisation.yaml:3: organisation.platforms: expected exactly one platform of level "
        "city, found none"}},
      {"unknown platform level",
       {{"organisation.yaml", Yaml(R"yaml(
organisation:
  platforms:
    - {code: "3203", name_zh: 徐州市, name_en: Xuzhou, level: province}
  departments: []
)yaml")}},
       {"organisation.yaml:3: organisation.platforms[0].level: expected one of city, district, "
        "county, county_city, got \"province\""}},
      {"department on an unknown platform",
       {{"organisation.yaml", Yaml(R"yaml(
organisation:
  platforms:
    - {code: "3203", name_zh: 徐州市, name_en: Xuzhou, level: city}
  departments:
    - {code: "320399-019", kind: tourism, platform: "320399", name_zh: 文旅局, name_en: Tourism}
)yaml")}},
       {"organisation.yaml:5: organisation.departments[0].platform: expected the code of a "
        "platform in organisation.platforms, got \"320399\""}},
      {"department code outside its platform",
       {{"organisation.yaml", Yaml(R"yaml(
organisation:
  platforms:
    - {code: "3203", name_zh: 徐州市, name_en: Xuzhou, level: city}
    - {code: "320302", name_zh: 鼓楼区, name_en: Gulou, level: district, parent: "3203"}
  departments:
    - {code: "3203-020", kind: tourism, platform: "320302", name_zh: 文旅局, name_en: Tourism}
)yaml")}},
       {"organisation.yaml:6: organisation.departments[0].code: expected a code starting with "
        "its platform's code \"320302-\", got \"3203-020\""}},

      // ---- taxonomy
      {"sub-category code not 4 digits",
       {{"taxonomy.yaml", Yaml(R"yaml(
taxonomy:
  types:
    - {code: "01", key: help, name_zh: 求助, name_en: Help}
  domains:
    - code: "01"
      key: transport
      name_zh: 交通出行
      name_en: Transport
      subcategories:
        - {code: "12a", name_zh: 路况管理, name_en: Roads, keywords: [路况]}
)yaml")}},
       {"taxonomy.yaml:10: taxonomy.domains[0].subcategories[0].code: expected a string of 4 "
        "digits, got \"12a\""}},
      {"sub-category code in another domain",
       {{"taxonomy.yaml", Yaml(R"yaml(
taxonomy:
  types:
    - {code: "01", key: help, name_zh: 求助, name_en: Help}
  domains:
    - code: "01"
      key: transport
      name_zh: 交通出行
      name_en: Transport
      subcategories:
        - {code: "0201", name_zh: 路况管理, name_en: Roads, keywords: [路况]}
)yaml")}},
       {"taxonomy.yaml:10: taxonomy.domains[0].subcategories[0].code: expected a code starting "
        "with its domain's code \"01\", got \"0201\""}},
      {"duplicate type code",
       {{"taxonomy.yaml", Yaml(R"yaml(
taxonomy:
  types:
    - {code: "01", key: help, name_zh: 求助, name_en: Help}
    - {code: "01", key: consultation, name_zh: 咨询, name_en: Consultation}
  domains:
    - code: "01"
      key: transport
      name_zh: 交通出行
      name_en: Transport
      subcategories:
        - {code: "0101", name_zh: 路况管理, name_en: Roads, keywords: [路况]}
)yaml")}},
       {"taxonomy.yaml:4: taxonomy.types[1].code: duplicate type code \"01\" (first defined at "}},
      {"empty keyword list",
       {{"taxonomy.yaml", Yaml(R"yaml(
taxonomy:
  types:
    - {code: "01", key: help, name_zh: 求助, name_en: Help}
  domains:
    - code: "01"
      key: transport
      name_zh: 交通出行
      name_en: Transport
      subcategories:
        - {code: "0101", name_zh: 路况管理, name_en: Roads, keywords: []}
)yaml")}},
       {"taxonomy.yaml:10: taxonomy.domains[0].subcategories[0].keywords: expected at least one "
        "keyword, got an empty list"}},

      // ---- calendars
      {"date that does not exist",
       {{"calendar.yaml", Yaml(R"yaml(
calendars:
  - year: 2025
    timezone: Asia/Shanghai
    holidays:
      - {key: new_year, name_zh: 元旦, name_en: New Year, from: 2025-02-30}
)yaml")}},
       {"calendar.yaml:5: calendars[0].holidays[0].from: expected a date written YYYY-MM-DD, "
        "got \"2025-02-30\""}},
      {"date outside the calendar's year",
       {{"calendar.yaml", Yaml(R"yaml(
calendars:
  - year: 2025
    timezone: Asia/Shanghai
    holidays:
      - {key: new_year, name_zh: 元旦, name_en: New Year, from: 2024-12-31, to: 2025-01-01}
)yaml")}},
       {"calendar.yaml:5: calendars[0].holidays[0].from: expected a date in 2025 (the "
        "calendar's year), got 2024-12-31"}},
      {"make-up working day on a weekday",
       {{"calendar.yaml", Yaml(R"yaml(
calendars:
  - year: 2025
    timezone: Asia/Shanghai
    holidays:
      - {key: new_year, name_zh: 元旦, name_en: New Year, from: 2025-01-01}
    makeup_workdays: [2025-01-27]
)yaml")}},
       {"calendar.yaml:6: calendars[0].makeup_workdays[0]: expected a Saturday or Sunday (a "
        "make-up working day replaces a weekend day), got 2025-01-27, a Monday"}},
      {"holiday ending before it starts",
       {{"calendar.yaml", Yaml(R"yaml(
calendars:
  - year: 2025
    timezone: Asia/Shanghai
    holidays:
      - {key: labour_day, name_zh: 劳动节, name_en: Labour Day, from: 2025-05-05,
         to: 2025-05-01}
)yaml")}},
       {"calendar.yaml:6: calendars[0].holidays[0].to: expected a date on or after from "
        "(2025-05-05), got 2025-05-01"}},
      {"overlapping holidays",
       {{"calendar.yaml", Yaml(R"yaml(
calendars:
  - year: 2025
    timezone: Asia/Shanghai
    holidays:
      - {key: mid_autumn, name_zh: 中秋节, name_en: Mid-Autumn, from: 2025-10-01, to: 2025-10-08}
      - {key: national_day, name_zh: 国庆节, name_en: National Day, from: 2025-10-06}
)yaml")}},
       {"calendar.yaml:6: calendars[0].holidays[1]: expected a holiday not overlapping "
        "\"mid_autumn\" (2025-10-01 to 2025-10-08, at "}},
      {"calendar list that is empty",
       {{"calendar.yaml", "calendars: []\n"}},
       {"calendar.yaml:1: calendars: expected at least one calendar, got none"}},
      {"two calendars for one year",
       {{"calendar.yaml", Yaml(R"yaml(
calendars:
  - {year: 2025, timezone: Asia/Shanghai, holidays: []}
  - {year: 2025, timezone: Asia/Shanghai, holidays: []}
)yaml")}},
       {"calendar.yaml:3: calendars[1].year: duplicate calendar year \"2025\""}},
      {"calendars in different time zones",
       {{"calendar.yaml", Yaml(R"yaml(
calendars:
  - {year: 2025, timezone: Asia/Shanghai, holidays: []}
  - {year: 2026, timezone: Europe/Berlin, holidays: []}
)yaml")}},
       {"calendar.yaml:3: calendars[1].timezone: expected the time zone of every other "
        "calendar, \"Asia/Shanghai\""}},

      {"list section split over files keeps one index",
       {{"rexian.yaml",
         "include: [organisation.yaml, taxonomy.yaml, calendar.yaml, "
         "calendar2.yaml, users.yaml]\n"},
        {"calendar2.yaml", Yaml(R"yaml(
calendars:
  - year: 2026
    timezone: Asia/Shanghai
    holidays:
      - {key: new_year, name_zh: 元旦, name_en: New Year, from: 2026-13-01}
)yaml")}},
       {"calendar2.yaml:5: calendars[1].holidays[0].from: expected a date written YYYY-MM-DD"}},

      // ---- users
      {"two users with one token",
       {{"users.yaml", Yaml(R"yaml(
users:
  - id: agent
    name: Agent
    role: agent
    token_sha256: 8e9534173175a32387cf771e897d910787928ab81dae43484643bdede08632e7
    personal_data: false
  - id: agent2
    name: Agent 2
    role: agent
    token_sha256: 8e9534173175a32387cf771e897d910787928ab81dae43484643bdede08632e7
    personal_data: false
)yaml")}},
       {"users.yaml:10: users[1].token_sha256: duplicate token_sha256 \"" + kAgentHash +
            "\" (first defined at ",
        "/users.yaml:5)"}},
      {"token hash in upper case",
       {{"users.yaml", Yaml(R"yaml(
users:
  - id: agent
    name: Agent
    role: agent
    token_sha256: 8E9534173175A32387CF771E897D910787928AB81DAE43484643BDEDE08632E7
    personal_data: false
)yaml")}},
       {"users.yaml:5: users[0].token_sha256: expected 64 lower-case hex digits (a SHA-256 "
        "digest), got \"8E95"}},
      {"user of an unknown department",
       {{"users.yaml", Yaml(R"yaml(
users:
  - id: handler
    name: Handler
    role: department
    department: "320302-099"
    token_sha256: 91ec1f40a728a1ae79f213132678b7791723e79bd24710cf83a45c370c5cb7d3
    personal_data: false
)yaml")}},
       {"users.yaml:5: users[0].department: expected the code of a department in "
        "organisation.departments, got \"320302-099\""}},
      {"department user without a department",
       {{"users.yaml", Yaml(R"yaml(
users:
  - id: handler
    name: Handler
    role: department
    token_sha256: 91ec1f40a728a1ae79f213132678b7791723e79bd24710cf83a45c370c5cb7d3
    personal_data: false
)yaml")}},
       {"users.yaml:2: users[0]: missing required key \"department\" (role is department)"}},
      {"unknown role",
       {{"users.yaml", Yaml(R"yaml(
users:
  - id: boss
    name: Boss
    role: boss
    token_sha256: 8e9534173175a32387cf771e897d910787928ab81dae43484643bdede08632e7
    personal_data: false
)yaml")}},
       {"users.yaml:4: users[0].role: expected one of agent, department, supervisor, operator, "
        "integrator, admin, got \"boss\""}},
      {"yes is not a boolean here",
       {{"users.yaml", Yaml(R"yaml(
users:
  - id: agent
    name: Agent
    role: agent
    token_sha256: 8e9534173175a32387cf771e897d910787928ab81dae43484643bdede08632e7
    personal_data: yes
)yaml")}},
       {"users.yaml:6: users[0].personal_data: expected true or false, got \"yes\""}},
      {"duplicate key in one mapping",
       {{"users.yaml", Yaml(R"yaml(
users:
  - id: agent
    name: Agent
    role: agent
    role: admin
    token_sha256: 8e9534173175a32387cf771e897d910787928ab81dae43484643bdede08632e7
    personal_data: false
)yaml")}},
       {"users.yaml:5: users[0].role: duplicate key"}},
      {"empty value",
       {{"users.yaml", Yaml(R"yaml(
users:
  - id: agent
    name:
    role: agent
    token_sha256: 8e9534173175a32387cf771e897d910787928ab81dae43484643bdede08632e7
    personal_data: false
)yaml")}},
       {"users.yaml:3: users[0].name: expected a non-empty string, got nothing"}},

      // ---- plugins
      {"plugin without a kind",
       {{"rexian.yaml", kIncludes + "plugins:\n  - name: web\n    path: web.so\n"}},
       {"rexian.yaml:3: plugins[0]: missing required key \"kind\""}},
      {"unknown plugin kind",
       {{"rexian.yaml", kIncludes + "plugins:\n  - {name: web, kind: dll, path: web.so}\n"}},
       {"rexian.yaml:3: plugins[0].kind: expected one of shared, exec, got \"dll\""}},
      {"shared plugin without a path",
       {{"rexian.yaml", kIncludes + "plugins:\n  - {name: web, kind: shared}\n"}},
       {"rexian.yaml:3: plugins[0]: missing required key \"path\""}},
      {"exec plugin with an empty command",
       {{"rexian.yaml", kIncludes + "plugins:\n  - {name: sms, kind: exec, command: []}\n"}},
       {"rexian.yaml:3: plugins[0].command: expected at least one argument, got an empty list"}},
      {"exec plugin given a path",
       {{"rexian.yaml",
         kIncludes + "plugins:\n  - {name: sms, kind: exec, command: [sms.py], path: x.so}\n"}},
       {"rexian.yaml:3: plugins[0].path: expected no path for kind exec"}},
      {"plugin name with capitals",
       {{"rexian.yaml", kIncludes + "plugins:\n  - {name: Web, kind: shared, path: web.so}\n"}},
       {"rexian.yaml:3: plugins[0].name: expected a name of 2 to 32 characters from a-z, 0-9, _ "
        "and -, starting with a letter, got \"Web\""}},
      {"two plugins on one channel",
       {{"rexian.yaml", kIncludes + Yaml(R"yaml(
plugins:
  - {name: web, kind: shared, path: web.so}
  - {name: web2, channel: web, kind: shared, path: web.so}
)yaml")}},
       {"rexian.yaml:4: plugins[1].channel: duplicate channel \"web\" (first defined at ",
        "rexian.yaml:3)"}},
      {"plugin config not a mapping",
       {{"rexian.yaml",
         kIncludes + "plugins:\n  - {name: web, kind: shared, path: web.so, config: [1]}\n"}},
       {"rexian.yaml:3: plugins[0].config: expected a mapping (the plugin's options), got a "
        "sequence"}},
      {"plugin stop timeout out of range",
       {{"rexian.yaml",
         kIncludes + "plugins:\n  - {name: web, kind: shared, path: web.so, stop_timeout_ms: 0}\n"}},
       {"rexian.yaml:3: plugins[0].stop_timeout_ms: expected an integer from 10 to 600000, "
        "got \"0\""}},
      {"plugin acting as a department",
       {{"rexian.yaml",
         kIncludes +
             "plugins:\n  - {name: web, kind: shared, path: web.so, actor_role: department}\n"}},
       {"rexian.yaml:3: plugins[0].actor_role: expected one of integrator, agent, got "
        "\"department\""}},
  };
  return cases;
}

Result<Config> LoadWith(const testing::ScratchDir& dir,
                        const std::map<std::string, std::string>& replaced) {
  auto files = testing::MinimalConfigFiles();
  for (const auto& [name, text] : replaced) files[name] = text;
  for (const auto& [name, text] : files) dir.Write(name, text);
  return LoadConfig(dir.path() + "/rexian.yaml");
}

TEST_CASE("the minimal configuration the bad cases start from is valid", "[config]") {
  testing::ScratchDir dir;
  const auto config = LoadWith(dir, {});
  INFO(config.status().ToString());
  REQUIRE(config.ok());
  CHECK(config->organisation.platforms().size() == 2);
  CHECK(config->users.users().size() == 2);
}

TEST_CASE("each broken configuration is refused with a message naming file, line and key",
          "[config]") {
  REQUIRE(Cases().size() >= 15);
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

TEST_CASE("every error in the configuration is reported, not only the first", "[config]") {
  testing::ScratchDir dir;
  const auto config = LoadWith(
      dir, {{"rexian.yaml", kIncludes + "server:\n  port: 0\nstore:\n  durability: maybe\n"}});
  REQUIRE_FALSE(config.ok());
  const std::string message = config.status().message();
  CHECK_THAT(message, Catch::Matchers::Contains("rexian.yaml:3: server.port:"));
  CHECK_THAT(message, Catch::Matchers::Contains("rexian.yaml:5: store.durability:"));
}

TEST_CASE("a missing entry file is refused by name", "[config]") {
  testing::ScratchDir dir;
  const auto config = LoadConfig(dir.path() + "/absent.yaml");
  REQUIRE_FALSE(config.ok());
  CHECK(config.status().IsInvalidArgument());
  CHECK_THAT(config.status().message(), Catch::Matchers::Contains("/absent.yaml\": no such file"));
}

}  // namespace
}  // namespace rexian
