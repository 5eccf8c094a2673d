// `rexian serve` end to end: health, readiness, metrics, clean shutdown, bad config.
#include <thread>

#include "app/app_fixture.h"
#include "server/http_client.h"

namespace rexian::testing {
namespace {

TEST_CASE("serve answers health, readiness and metrics, and stops cleanly on SIGTERM", "[app][serve]") {
  TempDir dir;
  const int port = FreeLoopbackPort();
  std::string config = WriteTestConfig(dir.path(), port, dir.sub("data"));
  Subprocess server({RexianBinary(), "serve", "--config", config}, dir.path());
  REQUIRE(WaitUntilServing(port, &server));

  HttpClient client("127.0.0.1", static_cast<std::uint16_t>(port));
  auto health = client.Request("GET", "/healthz");
  CHECK(health.status == 200);
  CHECK(health.body == R"({"status":"ok"})");
  // Ready once the plugins have started, shortly after /healthz answers.
  auto ready = client.Request("GET", "/readyz");
  for (int i = 0; i < 200 && ready.status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ready = client.Request("GET", "/readyz");
  }
  CHECK(ready.status == 200);
  CHECK_THAT(ready.body, Catch::Contains(R"("ready":true)") && Catch::Contains("event_store"));
  auto metrics = client.Request("GET", "/metrics");
  CHECK(metrics.status == 200);
  CHECK_THAT(metrics.header("Content-Type"), Catch::StartsWith("text/plain; version=0.0.4"));
  for (const char* name : {"rexian_store_appends_total 0", "rexian_log_head_position 0",
                           "rexian_store_append_latency_seconds_bucket{le=\"+Inf\"} 0",
                           "rexian_store_size_bytes", "rexian_store_commits_resolved_total 0",
                           "rexian_reactor_lease_held{node=\"local\"} 1"}) {
    CHECK_THAT(metrics.body, Catch::Contains(name));
  }
  auto missing = client.Request("GET", "/nope");
  CHECK(missing.status == 404);
  CHECK(missing.header("Content-Type") == "application/problem+json");
  // Only loopback: the configured address.
  CHECK_THAT(server.err(), Catch::Contains("listening on http://127.0.0.1:" + std::to_string(port)));

  server.Signal(SIGTERM);
  CHECK(server.Wait(std::chrono::seconds(10)) == 0);
  CHECK_THAT(server.err(), Catch::Contains("stopped cleanly"));
}

TEST_CASE("serve refuses a bad configuration and names file, line and key", "[app][serve]") {
  TempDir dir;
  std::string config = WriteTestConfig(dir.path(), 70000, dir.sub("data"));
  std::string err;
  CHECK(Rexian(dir, {"serve", "--config", config}, nullptr, &err) == 2);
  CHECK_THAT(err, Catch::Contains(config + ":") && Catch::Contains("server.port"));

  CHECK(Rexian(dir, {"serve", "--config", dir.sub("absent.yaml")}, nullptr, &err) == 2);
  CHECK_THAT(err, Catch::Contains("absent.yaml"));
  CHECK(Rexian(dir, {"serve", "--colour"}, nullptr, &err) == 2);
  CHECK_THAT(err, Catch::Contains("unknown option --colour"));
  CHECK(Rexian(dir, {"frobnicate"}, nullptr, &err) == 2);
}

}  // namespace
}  // namespace rexian::testing
