// Plugin routes: which patterns a plugin may register, 503 after stop, 500 for requests never
// answered.
#include "plugin_host/plugin_routes.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "host_fixture.h"
#include "plugin_host/shared_plugin.h"
#include "server/http_client.h"

namespace rexian::testing {
namespace {

TEST_CASE("plugins may not register malformed routes or rexian's own paths", "[plugin_host]") {
  struct Case {
    const char* method;
    const char* pattern;
    const char* refusal;  // nullptr: accepted
  };
  const Case cases[] = {
      {"POST", "/example/messages", nullptr},
      {"GET", "/open311/v2/requests/{id}", nullptr},
      {"GET", "/wechat/{account_id}/callback", nullptr},
      {"post", "/x", "is not an upper-case HTTP method"},
      {"", "/x", "is not an upper-case HTTP method"},
      {"GET", "", "must start with '/'"},
      {"GET", "/", "must start with '/' and name at least one segment"},
      {"GET", "x/y", "must start with '/'"},
      {"GET", "/a//b", "has an empty segment"},
      {"GET", "/a/", "has an empty segment"},
      {"GET", "/a/{}", "is not a {name} segment"},
      {"GET", "/a/{1x}", "is not a {name} segment"},
      {"GET", "/a/x{id}", "holds a character not allowed"},
      {"GET", "/a?b", "holds a character not allowed"},
      {"GET", "/a b", "holds a character not allowed"},
      {"GET", "/v1/tickets", "is under /v1, which rexian keeps for itself"},
      {"GET", "/v1", "is under /v1"},
      {"GET", "/metrics", "is under /metrics"},
      {"GET", "/healthz", "is under /healthz"},
      {"GET", "/readyz/x", "is under /readyz"},
  };
  for (const Case& c : cases) {
    INFO(c.method << " " << c.pattern);
    const Status s = CheckPluginRoute(c.method, c.pattern);
    if (c.refusal == nullptr) {
      CHECK(s.ok());
    } else {
      CHECK(s.IsInvalidArgument());
      CHECK_THAT(s.message(), Catch::Contains(c.refusal));
    }
  }
}

TEST_CASE("a request the plugin never answers is answered 500 when it stops, then 503",
          "[plugin_host]") {
  HostFixture host;
  auto loaded = SharedPlugin::Load(HostFixture::Shared("silent", REXIAN_TEST_PLUGIN_SILENT_ROUTE),
                                   host.Environment());
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
  std::unique_ptr<SharedPlugin> plugin = std::move(loaded).value();
  REQUIRE(plugin->Start().ok());
  CHECK(plugin->routes() ==
        std::vector<std::pair<std::string, std::string>>{{"GET", "/silent/{what}"}});

  HttpClientResponse pending;
  std::atomic<bool> answered{false};
  std::thread waiter([&] {
    HttpClient client("127.0.0.1", host.port());
    pending = client.Request("GET", "/silent/anything");
    answered = true;
  });
  // The request is parked in the plugin; give it time to get there.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK_FALSE(answered.load());
  REQUIRE(plugin->Stop().ok());
  waiter.join();
  CHECK(pending.status == 500);
  CHECK_THAT(pending.body, Catch::Contains("the plugin stopped without answering this request"));

  HttpClient client("127.0.0.1", host.port());
  const HttpClientResponse after = client.Request("GET", "/silent/again");
  CHECK(after.status == 503);
  CHECK_THAT(after.body, Catch::Contains("plugin_stopped"));
}

}  // namespace
}  // namespace rexian::testing
