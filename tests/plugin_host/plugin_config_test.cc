// The `plugins:` section as LoadConfig reads it into PluginConfig.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <fstream>

#include "app/app_fixture.h"
#include "rexian/config.h"

namespace rexian::testing {
namespace {

// The test configuration with `plugins_yaml` appended.
Result<Config> LoadWithPlugins(const TempDir& dir, const std::string& plugins_yaml) {
  const std::string path = WriteTestConfig(dir.path(), 8345, dir.sub("data"));
  std::ofstream(path, std::ios::app) << plugins_yaml;
  return LoadConfig(path);
}

TEST_CASE("the plugins section is read with its defaults", "[plugin_host]") {
  TempDir dir;
  auto config = LoadWithPlugins(dir, R"yaml(
plugins:
  - name: web
    kind: shared
    path: rexian_plugin_web.so
    required: true
  - name: sms-gateway
    channel: sms
    kind: exec
    command: [python3, sms.py, --verbose]
    stop_timeout_ms: 250
)yaml");
  INFO(config.status().ToString());
  REQUIRE(config.ok());
  REQUIRE(config->plugins.size() == 2);
  const PluginConfig& web = config->plugins[0];
  CHECK(web.name == "web");
  CHECK(web.channel == "web");  // defaults to the name
  CHECK(web.kind == PluginKind::kShared);
  CHECK(PluginKindName(web.kind) == std::string("shared"));
  CHECK(web.path == "rexian_plugin_web.so");
  CHECK(web.required);
  CHECK(web.stop_timeout == std::chrono::milliseconds(5000));
  CHECK(web.config_json == "{}");
  const PluginConfig& sms = config->plugins[1];
  CHECK(sms.channel == "sms");
  CHECK(sms.kind == PluginKind::kExec);
  CHECK(PluginKindName(sms.kind) == std::string("exec"));
  CHECK(sms.command == std::vector<std::string>{"python3", "sms.py", "--verbose"});
  CHECK_FALSE(sms.required);
  CHECK(sms.stop_timeout == std::chrono::milliseconds(250));
}

TEST_CASE("no plugins section means no plugins", "[plugin_host]") {
  TempDir dir;
  auto config = LoadWithPlugins(dir, "");
  REQUIRE(config.ok());
  CHECK(config->plugins.empty());
}

TEST_CASE("a plugin's config block becomes a JSON object, YAML scalars typed as written",
          "[plugin_host]") {
  TempDir dir;
  auto config = LoadWithPlugins(dir, R"yaml(
plugins:
  - name: web
    kind: shared
    path: web.so
    config:
      port_number: 8080
      negative: -3
      quoted_number: "8080"
      enabled: true
      quoted_bool: "false"
      yes_is_text: yes
      ratio: 0.5
      nothing:
      greeting: 您好
      keys: [a, 2, false]
      nested: {depth: 1, inner: {name: x}}
)yaml");
  INFO(config.status().ToString());
  REQUIRE(config.ok());
  const boost::json::value parsed = boost::json::parse(config->plugins.at(0).config_json);
  const boost::json::object& o = parsed.as_object();
  CHECK(o.at("port_number") == boost::json::value(8080));
  CHECK(o.at("negative") == boost::json::value(-3));
  CHECK(o.at("quoted_number") == boost::json::value("8080"));
  CHECK(o.at("enabled") == boost::json::value(true));
  CHECK(o.at("quoted_bool") == boost::json::value("false"));
  CHECK(o.at("yes_is_text") == boost::json::value("yes"));
  CHECK(o.at("ratio") == boost::json::value("0.5"));  // only integers become numbers
  CHECK(o.at("nothing").is_null());
  CHECK(o.at("greeting") == boost::json::value("您好"));
  CHECK(o.at("keys") == boost::json::parse(R"(["a", 2, false])"));
  CHECK(o.at("nested") == boost::json::parse(R"({"depth": 1, "inner": {"name": "x"}})"));
}

TEST_CASE("broken plugin entries are refused naming file, line and key", "[plugin_host]") {
  // The main table of refusals is in tests/config/bad_config_test.cc; these
  // are the ones only this section can produce.
  TempDir dir;
  auto config = LoadWithPlugins(dir, R"yaml(
plugins:
  - {name: web, kind: shared, path: web.so, required: yes}
  - {name: web, kind: exec, command: [x], confg: {}}
)yaml");
  REQUIRE_FALSE(config.ok());
  const std::string message = config.status().message();
  CHECK_THAT(message, Catch::Contains("plugins[0].required: expected true or false, got \"yes\""));
  CHECK_THAT(message, Catch::Contains("plugins[1].name: duplicate plugin name \"web\""));
  CHECK_THAT(message, Catch::Contains("plugins[1].confg: unknown key (did you mean \"config\"?)"));
}

}  // namespace
}  // namespace rexian::testing
