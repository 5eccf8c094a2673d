// Plugin ABI 1.1's writes from an exec plugin: record_event and
// ticket_command as queries, answered once durable (makes_writes.py).
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "exec_test_support.h"
#include "plugin_host/channel_plugin.h"
#include "plugin_host/host_queries.h"
#include "rexian/metrics.h"

namespace rexian::testing {
namespace {

namespace json = boost::json;

TEST_CASE("an exec plugin records call events and runs ticket commands", "[plugin_host][exec]") {
  IntakeRig rig;
  LogRecorder log;
  TempDir dir;
  MetricsRegistry metrics;
  HostQueries queries(&rig.config(), rig.intake(), rig.view(), rig.event_log());
  PluginEnvironment env;
  env.config = &rig.config();
  env.intake = rig.intake();
  env.metrics = &metrics;
  env.queries = &queries;
  env.event_log = rig.event_log();
  env.tickets = rig.tickets();
  env.clock = [] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); };
  env.log = [&](const std::string& plugin, int level, const std::string& message) {
    log.Add(level, plugin + ": " + message);
  };
  auto created = CreateExecPlugin(
      ExecConfig("phonebox", {"python3", ExecScript("makes_writes.py"), dir.path()}), env);
  REQUIRE(created.ok());
  std::unique_ptr<ChannelPlugin> plugin = std::move(created).value();
  REQUIRE(plugin->Start().ok());
  REQUIRE(WaitUntil([&] { return !Slurp(dir.sub("results.json")).empty(); }));
  INFO(log.All());
  const json::object r = json::parse(Slurp(dir.sub("results.json"))).as_object();

  const json::value& recorded = r.at("recorded");
  REQUIRE(recorded.at("ok") == true);
  CHECK(recorded.at("value").at("result") ==
        json::parse(R"({"stream": "call-9.1", "version": 1})"));
  CHECK(recorded.at("value").at("duplicate") == false);
  const json::value& again = r.at("again");
  CHECK(again.at("value").at("duplicate") == true);
  CHECK(again.at("value").at("position") == recorded.at("value").at("position"));
  CHECK(r.at("refused").at("error").at("code") == "invalid_argument");
  CHECK_THAT(std::string(r.at("refused").at("error").at("message").as_string()),
             Catch::Contains("not a type plugins may write"));
  CHECK(r.at("invalid").at("error").at("code") == "invalid_argument");
  CHECK_THAT(std::string(r.at("invalid").at("error").at("message").as_string()),
             Catch::Contains("/at"));
  // The default actor_role, integrator, may not add notes: the domain says so.
  CHECK(r.at("note").at("error").at("code") == "permission_denied");
  CHECK_THAT(std::string(r.at("note").at("error").at("message").as_string()),
             Catch::Contains("integrator"));
  CHECK(rig.CountEvents("call.ringing") == 1);
  CHECK(plugin->Stop().ok());
}

}  // namespace
}  // namespace rexian::testing
