// SharedPlugin: the ABI checks and their messages, create failures, the bounded stop, delivery.
#include "plugin_host/shared_plugin.h"

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <future>

#include "host_fixture.h"
#include "plugin_host/plugin_search_path.h"
#include "rexian/metrics.h"

namespace rexian::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Delivers `reply` and waits for the outcome.
Status DeliverAndWait(ChannelPlugin& plugin, Reply reply) {
  auto promise = std::make_shared<std::promise<Status>>();
  auto future = promise->get_future();
  plugin.Deliver(std::move(reply), [promise](Status s) { promise->set_value(std::move(s)); });
  REQUIRE(future.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  return future.get();
}

Reply TestReply(int attempt) {
  Reply reply;
  reply.delivery_id = "d-1";
  reply.attempt = attempt;
  reply.kind = "acknowledgement";
  reply.ticket_number = "3203-0001";
  reply.citizen_json = R"({"id":"c"})";
  reply.text = "您的诉求已受理";
  return reply;
}

struct Refusal {
  const char* what;
  std::string path;
  std::vector<std::string> expected;  // substrings of the message
};

TEST_CASE("each broken plugin is refused with a message naming it and the reason",
          "[plugin_host]") {
  HostFixture host;
  const std::string not_a_library = host.dir().sub("notes.so");
  std::ofstream(not_a_library) << "not an ELF file\n";
  const std::vector<Refusal> refusals = {
      {"ABI major mismatch",
       REXIAN_TEST_PLUGIN_WRONG_ABI,
       {"built for plugin ABI 2.0, this rexian speaks 1.1 (the major versions must match)"}},
      {"struct_size too small",
       REXIAN_TEST_PLUGIN_SMALL_STRUCT,
       {"descriptor struct_size is 24 bytes, smaller than the ",
        " bytes of ABI version 1's rexian_plugin_descriptor"}},
      {"no entry symbol", REXIAN_TEST_PLUGIN_NO_ENTRY, {"no entry symbol rexian_plugin_entry"}},
      {"mandatory callbacks missing",
       REXIAN_TEST_PLUGIN_MISSING_CALLBACK,
       {"descriptor lacks the mandatory callbacks stop, destroy"}},
      {"create fails",
       REXIAN_TEST_PLUGIN_CREATE_FAILS,
       {"create() failed: app_secret: required option missing"}},
      {"not a shared library", not_a_library, {"cannot load: ", "notes.so"}},
  };
  for (const Refusal& r : refusals) {
    INFO("case: " << r.what);
    auto plugin = SharedPlugin::Load(HostFixture::Shared("broken", r.path), host.Environment());
    REQUIRE_FALSE(plugin.ok());
    const std::string message = plugin.status().message();
    INFO("message: " << message);
    CHECK_THAT(message, Catch::StartsWith("plugin 'broken' (" + r.path + "): "));
    for (const std::string& part : r.expected) CHECK_THAT(message, Catch::Contains(part));
  }

  auto missing =
      SharedPlugin::Load(HostFixture::Shared("gone", "/nonexistent/x.so"), host.Environment());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().IsNotFound());
  CHECK_THAT(missing.status().message(),
             Catch::Contains("plugin 'gone' (/nonexistent/x.so): no such file"));
}

TEST_CASE("a bare file name is searched in REXIAN_PLUGIN_PATH, then next to the executable",
          "[plugin_host]") {
  const std::string example = REXIAN_EXAMPLE_PLUGIN;
  const std::string example_dir = std::filesystem::path(example).parent_path().string();
  ::setenv("REXIAN_PLUGIN_PATH", ("/nonexistent::" + example_dir).c_str(), 1);
  auto found = ResolvePluginPath("rexian_plugin_example.so");
  ::unsetenv("REXIAN_PLUGIN_PATH");
  INFO(found.status().ToString());
  REQUIRE(found.ok());
  CHECK(std::filesystem::equivalent(*found, example));

  // The test plugins are built into plugins/ next to this test binary.
  auto beside = ResolvePluginPath("test_plugin_slow_stop.so");
  INFO(beside.status().ToString());
  REQUIRE(beside.ok());
  CHECK(std::filesystem::equivalent(*beside, REXIAN_TEST_PLUGIN_SLOW_STOP));

  auto unknown = ResolvePluginPath("rexian_plugin_nowhere.so");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().IsNotFound());
  CHECK_THAT(unknown.status().message(),
             Catch::Contains("'rexian_plugin_nowhere.so' is in none of the plugin directories ("));
  CHECK_THAT(unknown.status().message(), Catch::Contains("/lib/rexian/plugins"));
}

TEST_CASE("a stop that overruns its timeout is reported and does not hold up the caller",
          "[plugin_host]") {
  HostFixture host;
  auto loaded = SharedPlugin::Load(HostFixture::Shared("slow", REXIAN_TEST_PLUGIN_SLOW_STOP, "{}",
                                                       std::chrono::milliseconds(200)),
                                   host.Environment());
  REQUIRE(loaded.ok());
  std::unique_ptr<SharedPlugin> plugin = std::move(loaded).value();
  REQUIRE(plugin->Start().ok());
  CHECK(plugin->health().ok());

  // It has no deliver callback: replies are refused as unsupported at once.
  const Status unsupported = DeliverAndWait(*plugin, TestReply(1));
  CHECK(unsupported.IsUnsupported());
  CHECK_FALSE(plugin->can_deliver());

  const Clock::time_point begin = Clock::now();
  const Status stopped = plugin->Stop();
  const auto took = Clock::now() - begin;
  CHECK(took >= std::chrono::milliseconds(200));
  CHECK(took < std::chrono::milliseconds(1500));  // the plugin's stop() takes 3 s
  REQUIRE(stopped.IsDeadlineExceeded());
  CHECK_THAT(stopped.message(),
             Catch::StartsWith("plugin 'slow' (" + std::string(REXIAN_TEST_PLUGIN_SLOW_STOP) +
                               "): stop() did not return within 200 ms"));
  CHECK_THAT(stopped.message(), Catch::Contains("left loaded and not destroyed"));
  CHECK(plugin->health().message() == stopped.message());
  CHECK(plugin->Stop().message() == stopped.message());  // idempotent
  CHECK(host.logs().Contains("stop() did not return within 200 ms"));

  const Clock::time_point destroyed = Clock::now();
  plugin.reset();  // must not wait for the plugin either
  CHECK(Clock::now() - destroyed < std::chrono::milliseconds(500));
}

TEST_CASE("delivery failures carry the plugin's reason, a later attempt succeeds",
          "[plugin_host]") {
  HostFixture host;
  const std::string record = host.dir().sub("delivered.txt");
  auto loaded =
      SharedPlugin::Load(HostFixture::Shared("flaky", REXIAN_TEST_PLUGIN_FLAKY_DELIVER,
                                             R"({"failures": 2, "record": ")" + record + R"("})"),
                         host.Environment());
  REQUIRE(loaded.ok());
  std::unique_ptr<SharedPlugin> plugin = std::move(loaded).value();

  // Before Start there is no delivery thread yet.
  CHECK(DeliverAndWait(*plugin, TestReply(1)).IsUnavailable());
  REQUIRE(plugin->Start().ok());
  for (int attempt = 1; attempt <= 2; ++attempt) {
    const Status failed = DeliverAndWait(*plugin, TestReply(attempt));
    CHECK(failed.IsUnavailable());
    CHECK_THAT(failed.message(), Catch::Contains("deliver d-1: simulated outage (attempt " +
                                                 std::to_string(attempt) + ")"));
  }
  CHECK(DeliverAndWait(*plugin, TestReply(3)).ok());
  CHECK(Subprocess::Slurp(record) == "d-1 3\n");
  REQUIRE(plugin->Stop().ok());
  const Status after = DeliverAndWait(*plugin, TestReply(4));
  CHECK(after.IsUnavailable());
  CHECK(Subprocess::Slurp(record) == "d-1 3\n");
  CHECK_FALSE(plugin->health().ok());

  const std::string metrics = host.sandbox().metrics()->Render();
  CHECK_THAT(metrics, Catch::Contains(
                          R"(rexian_plugin_deliveries_total{plugin="flaky",outcome="retry"} 2)"));
  CHECK_THAT(metrics,
             Catch::Contains(R"(rexian_plugin_deliveries_total{plugin="flaky",outcome="ok"} 1)"));
}

TEST_CASE("Start twice is refused, a created plugin that never started is destroyed by Stop",
          "[plugin_host]") {
  HostFixture host;
  auto first = SharedPlugin::Load(HostFixture::Shared("flaky", REXIAN_TEST_PLUGIN_FLAKY_DELIVER),
                                  host.Environment());
  REQUIRE(first.ok());
  CHECK((*first)->health().IsUnavailable());
  REQUIRE((*first)->Start().ok());
  CHECK((*first)->Start().IsInvalidArgument());

  auto second = SharedPlugin::Load(HostFixture::Shared("idle", REXIAN_TEST_PLUGIN_FLAKY_DELIVER),
                                   host.Environment());
  REQUIRE(second.ok());
  CHECK((*second)->Stop().ok());
  CHECK((*second)->Start().IsInvalidArgument());
}

}  // namespace
}  // namespace rexian::testing
