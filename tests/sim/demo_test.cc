// `rexian serve --demo`: the scenario's requests arrive live, within seconds of starting.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <csignal>
#include <thread>

#include "app/app_fixture.h"

namespace rexian {
namespace {

using testing::HttpClient;
using testing::Subprocess;
using testing::TempDir;

constexpr const char* kSupervisor = "Bearer rxn_R02Dzs6Fy1tFxFH7BIlnhLGVjfhN4QxixKrhdEa3mKo";

std::int64_t ReceivedToday(int port) {
  HttpClient client("127.0.0.1", static_cast<std::uint16_t>(port));
  auto r = client.Request("GET", "/v1/stats?compare=0&holidays=0", {}, {{"Authorization", kSupervisor}});
  if (r.status != 200) return -1;
  return boost::json::parse(r.body).as_object().at("figures").as_object().at("received").as_int64();
}

TEST_CASE("serve --demo: requests flow into the statistics within seconds, and stop cleanly", "[sim]") {
  TempDir dir;
  const int port = testing::FreeLoopbackPort();
  const std::string config = testing::WriteTestConfig(dir.path(), port, dir.sub("data"));
  const std::string scenario = std::string(REXIAN_SOURCE_DIR) + "/config/scenarios/xuzhou-2025.yaml";
  Subprocess server({testing::RexianBinary(), "serve", "--config", config, "--demo", "--demo-rate", "40",
                     "--demo-scenario", scenario},
                    dir.path());
  REQUIRE(testing::WaitUntilServing(port, &server));
  std::int64_t received = 0;
  for (int i = 0; i < 100 && received < 20; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    received = ReceivedToday(port);
  }
  CHECK(received >= 20);
  server.Signal(SIGTERM);
  CHECK(server.Wait(std::chrono::seconds(30)) == 0);
  CHECK(server.err().find("demo traffic at 40 requests/s") != std::string::npos);
  CHECK(server.err().find("stopped cleanly") != std::string::npos);
}

TEST_CASE("serve --demo refuses a bad rate with the reason", "[sim]") {
  TempDir dir;
  const int port = testing::FreeLoopbackPort();
  const std::string config = testing::WriteTestConfig(dir.path(), port, dir.sub("data"));
  std::string err;
  CHECK(testing::Rexian(dir, {"serve", "--config", config, "--demo", "--demo-rate", "0",
                              "--demo-scenario", std::string(REXIAN_SOURCE_DIR) + "/config/scenarios/xuzhou-2025.yaml"},
                        nullptr, &err) == 2);
  CHECK(err.find("--demo-rate must be in (0, 1000]") != std::string::npos);
}

}  // namespace
}  // namespace rexian
