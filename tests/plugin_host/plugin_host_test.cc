// PluginHost: required and optional plugins, Health for /readyz, replies by channel, StopAll.
#include "plugin_host/plugin_host.h"

#include <catch2/catch.hpp>
#include <future>

#include "host_fixture.h"

namespace rexian::testing {
namespace {

Status DeliverTo(PluginHost& host, const std::string& channel) {
  Reply reply;
  reply.delivery_id = "d-" + channel;
  reply.kind = "acknowledgement";
  reply.ticket_number = "3203-0001";
  reply.text = "您的诉求已受理";
  auto promise = std::make_shared<std::promise<Status>>();
  auto future = promise->get_future();
  host.Deliver(channel, reply, [promise](Status s) { promise->set_value(std::move(s)); });
  REQUIRE(future.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  return future.get();
}

TEST_CASE("optional plugins that fail are skipped and shown by Health", "[plugin_host]") {
  HostFixture fixture;
  Config config = fixture.sandbox().config();
  config.plugins = {
      HostFixture::Shared("example", REXIAN_EXAMPLE_PLUGIN),
      HostFixture::Shared("old", REXIAN_TEST_PLUGIN_WRONG_ABI),
      HostFixture::Shared("flaky", REXIAN_TEST_PLUGIN_FLAKY_DELIVER, R"({"failures":0})"),
      HostFixture::Shared("slow", REXIAN_TEST_PLUGIN_SLOW_STOP)};
  PluginEnvironment env = fixture.Environment();
  env.config = &config;
  PluginHost host(env);
  REQUIRE(host.StartAll().ok());
  CHECK(fixture.logs().Contains("old 3: optional plugin skipped: "));

  const auto health = host.Health();
  REQUIRE(health.size() == 4);
  CHECK(health[0].first == "example");
  CHECK(health[0].second.ok());
  CHECK(health[1].first == "old");
  CHECK_THAT(health[1].second.message(), Catch::Contains("built for plugin ABI 2.0"));
  CHECK(health[2].second.ok());

  CHECK(DeliverTo(host, "flaky").ok());
  CHECK(DeliverTo(host, "slow").IsUnsupported());
  const Status nobody = DeliverTo(host, "sms");
  CHECK(nobody.IsNotFound());
  CHECK_THAT(nobody.message(), Catch::Contains("no plugin serves channel \"sms\""));
  const Status broken = DeliverTo(host, "old");
  CHECK(broken.IsNotFound());
  CHECK_THAT(broken.message(), Catch::Contains("built for plugin ABI 2.0"));

  CHECK(host.Serves("example"));
  CHECK(host.Serves("flaky"));
  CHECK(host.Serves("old"));         // configured: its replies wait for a fix
  CHECK_FALSE(host.Serves("slow"));  // loaded, but it has no deliver
  CHECK_FALSE(host.Serves("sms"));
  CHECK(host.FindByChannel("example") != nullptr);
  CHECK(host.FindByChannel("old") == nullptr);

  // slow_stop takes 3 s against a 5 s stop_timeout: StopAll waits for it.
  CHECK(host.StopAll().ok());
  CHECK(host.Health()[0].second.IsUnavailable());
  CHECK(DeliverTo(host, "flaky").IsUnavailable());
}

TEST_CASE("a required plugin that fails stops StartAll with its reason", "[plugin_host]") {
  HostFixture fixture;
  Config config = fixture.sandbox().config();
  config.plugins = {HostFixture::Shared("example", REXIAN_EXAMPLE_PLUGIN),
                    HostFixture::Shared("wechat", REXIAN_TEST_PLUGIN_CREATE_FAILS),
                    HostFixture::Shared("after", REXIAN_TEST_PLUGIN_FLAKY_DELIVER)};
  config.plugins[1].required = true;
  PluginEnvironment env = fixture.Environment();
  env.config = &config;
  PluginHost host(env);
  const Status started = host.StartAll();
  REQUIRE_FALSE(started.ok());
  CHECK_THAT(started.message(),
             Catch::StartsWith("plugin 'wechat' (" + std::string(REXIAN_TEST_PLUGIN_CREATE_FAILS) +
                               "): create() failed: app_secret: required option missing"));
  const auto health = host.Health();
  CHECK(health[0].second.ok());
  CHECK_FALSE(health[1].second.ok());
  CHECK_THAT(health[2].second.message(), Catch::Contains("not started"));
  CHECK(host.StopAll().ok());
}

TEST_CASE("StopAll reports a plugin whose stop overran and still returns in time",
          "[plugin_host]") {
  HostFixture fixture;
  Config config = fixture.sandbox().config();
  config.plugins = {HostFixture::Shared("slow", REXIAN_TEST_PLUGIN_SLOW_STOP, "{}",
                                        std::chrono::milliseconds(100)),
                    HostFixture::Shared("example", REXIAN_EXAMPLE_PLUGIN)};
  PluginEnvironment env = fixture.Environment();
  env.config = &config;
  PluginHost host(env);
  REQUIRE(host.StartAll().ok());
  const auto begin = std::chrono::steady_clock::now();
  const Status stopped = host.StopAll();
  CHECK(std::chrono::steady_clock::now() - begin < std::chrono::seconds(2));
  REQUIRE(stopped.IsDeadlineExceeded());
  CHECK_THAT(stopped.message(), Catch::Contains("plugin 'slow' ("));
  CHECK_THAT(stopped.message(), Catch::Contains("stop() did not return within 100 ms"));
  CHECK(host.StopAll().message() == stopped.message());
  CHECK(host.Health()[1].second.IsUnavailable());  // example stopped normally
}

}  // namespace
}  // namespace rexian::testing
