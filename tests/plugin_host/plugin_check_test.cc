// `rexian plugin check` run as a subprocess on good and broken plugins.
#include <catch2/catch.hpp>

#include "app/app_fixture.h"

namespace rexian::testing {
namespace {

// Runs `rexian plugin check <extra...> --config <test config>`.
int Check(const TempDir& dir, std::vector<std::string> extra, std::string* out, std::string* err) {
  const std::string config = WriteTestConfig(dir.path(), 8345, dir.sub("data"));
  std::vector<std::string> args = {"plugin", "check", "--config", config};
  args.insert(args.end(), extra.begin(), extra.end());
  return Rexian(dir, args, out, err);
}

TEST_CASE("plugin check passes the example plugin, step by step", "[plugin_host]") {
  TempDir dir;
  std::string out, err;
  const int code = Check(dir, {REXIAN_EXAMPLE_PLUGIN}, &out, &err);
  INFO(out << err);
  CHECK(code == 0);
  for (const char* line :
       {"PASS  load      ", "\"example\" 1.0.0, ABI 1.1", "PASS  create    with config {}",
        "PASS  start", "PASS  routes    registered: POST /example/messages",
        "PASS  intake    a valid contact for channel \"example\"",
        "PASS  intake    the same contact again is a duplicate of ticket ",
        "PASS  intake    a contact without text is refused naming /text",
        "PASS  deliver   a test reply", "PASS  stop      returned in ",
        "PASS  unload    destroyed and unloaded", " 0 failed: the plugin passes the check"}) {
    CHECK_THAT(out, Catch::Contains(line));
  }
}

TEST_CASE("plugin check fails a broken plugin and says why", "[plugin_host]") {
  TempDir dir;
  std::string out, err;
  CHECK(Check(dir, {REXIAN_TEST_PLUGIN_WRONG_ABI}, &out, &err) == 1);
  INFO(out << err);
  CHECK_THAT(out, Catch::Contains("FAIL  load      plugin 'check' ("));
  CHECK_THAT(out, Catch::Contains("built for plugin ABI 2.0, this rexian speaks 1.1"));
  CHECK_THAT(out, Catch::Contains("1 failed: the plugin FAILS the check"));

  CHECK(Check(dir, {REXIAN_TEST_PLUGIN_CREATE_FAILS}, &out, &err) == 1);
  CHECK_THAT(out, Catch::Contains("FAIL  create    "));
  CHECK_THAT(out, Catch::Contains("create() failed: app_secret: required option missing"));
}

TEST_CASE("plugin check fails a plugin whose stop overruns the deadline", "[plugin_host]") {
  TempDir dir;
  std::string out, err;
  CHECK(Check(dir, {REXIAN_TEST_PLUGIN_SLOW_STOP, "--stop-timeout-ms", "200"}, &out, &err) == 1);
  INFO(out << err);
  CHECK_THAT(out, Catch::Contains("PASS  deliver   the plugin has no deliver callback"));
  CHECK_THAT(out, Catch::Contains("FAIL  stop      "));
  CHECK_THAT(out, Catch::Contains("stop() did not return within 200 ms"));
  CHECK_THAT(out, Catch::Contains("FAIL  unload    not attempted"));
}

TEST_CASE("plugin check refuses bad usage with exit code 2", "[plugin_host]") {
  TempDir dir;
  std::string out, err;
  CHECK(Rexian(dir, {"plugin"}, &out, &err) == 2);
  CHECK(Rexian(dir, {"plugin", "check"}, &out, &err) == 2);
  CHECK_THAT(err, Catch::Contains("usage: rexian plugin check"));
  CHECK(Check(dir, {REXIAN_EXAMPLE_PLUGIN, "--plugin-config", "[1]"}, &out, &err) == 2);
  CHECK_THAT(err, Catch::Contains("--plugin-config: expected a JSON object"));
}

}  // namespace
}  // namespace rexian::testing
