// `rexian rebuild` and `rexian token new` end to end, with the server's HTTP API.
#include <boost/json.hpp>
#include <thread>

#include "app/app_fixture.h"
#include "config/token_digest.h"
#include "server/http_client.h"

namespace rexian::testing {
namespace {

const char* kAgent = "rxn_ycGoqTmr04gLs7XeFOLm4AaNOWb9tvsnsCUT5v2DHro";

bool WaitReady(int port, Subprocess* server) {
  for (int i = 0; i < 300 && server->running(); ++i) {
    try {
      HttpClient c("127.0.0.1", static_cast<std::uint16_t>(port), std::chrono::seconds(2));
      if (c.Request("GET", "/readyz").status == 200) return true;
    } catch (const HttpClientError&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

TEST_CASE("rebuild replays the log into views equal to the server's, and refuses while it runs",
          "[app][rebuild]") {
  TempDir dir;
  const int port = FreeLoopbackPort();
  std::string config = WriteTestConfig(dir.path(), port, dir.sub("data"));
  std::vector<std::string> before;
  {
    Subprocess server({RexianBinary(), "serve", "--config", config}, dir.path());
    REQUIRE(WaitReady(port, &server));
    HttpClient client("127.0.0.1", static_cast<std::uint16_t>(port));
    const HttpHeaderList auth = {{"Authorization", std::string("Bearer ") + kAgent}};
    std::uint64_t position = 0;
    for (int i = 0; i < 5; ++i) {
      auto r = client.Request("POST", "/v1/tickets",
                              R"({"channel":"web","citizen":{"id":"c)" + std::to_string(i) +
                                  R"("},"text":"小区路灯不亮","classification":{"type":"help","domain":"urban_rural_construction"}})",
                              auth);
      REQUIRE(r.status == 201);
      position = boost::json::parse(r.body).at("position").to_number<std::uint64_t>();
    }
    auto list = client.Request("GET", "/v1/tickets?min_position=" + std::to_string(position), "", auth);
    REQUIRE(list.status == 200);
    const boost::json::value page = boost::json::parse(list.body);
    for (const auto& item : page.at("items").as_array()) before.push_back(boost::json::serialize(item));
    REQUIRE(before.size() == 5);
    std::string err;
    CHECK(Rexian(dir, {"rebuild", "--config", config}, nullptr, &err) == 1);
    CHECK_THAT(err, Catch::Contains("in use by another rexian process"));
    server.Signal(SIGTERM);
    REQUIRE(server.Wait(std::chrono::seconds(10)) == 0);
  }
  std::string out;
  REQUIRE(Rexian(dir, {"rebuild", "--config", config}, &out) == 0);
  CHECK_THAT(out, Catch::Contains("rebuilt views from 5 events"));

  Subprocess server({RexianBinary(), "serve", "--config", config}, dir.path());
  REQUIRE(WaitReady(port, &server));
  HttpClient client("127.0.0.1", static_cast<std::uint16_t>(port));
  auto list = client.Request("GET", "/v1/tickets", "", {{"Authorization", std::string("Bearer ") + kAgent}});
  std::vector<std::string> after;
  const boost::json::value page = boost::json::parse(list.body);
  for (const auto& item : page.at("items").as_array()) after.push_back(boost::json::serialize(item));
  CHECK(after == before);
}

TEST_CASE("token new prints a token and the hash that config stores", "[app]") {
  TempDir dir;
  std::string out;
  REQUIRE(Rexian(dir, {"token", "new"}, &out) == 0);
  auto token_at = out.find("token:        ") + 14;
  std::string token = out.substr(token_at, out.find('\n', token_at) - token_at);
  auto hash_at = out.find("token_sha256: ") + 14;
  std::string hash = out.substr(hash_at, 64);
  CHECK(token.rfind("rxn_", 0) == 0);
  CHECK(token.size() == 47);
  CHECK(hash == config_internal::TokenSha256Hex(token));
  std::string second;
  REQUIRE(Rexian(dir, {"token", "new"}, &second) == 0);
  CHECK(second != out);
  CHECK(Rexian(dir, {"token"}) == 2);
}

}  // namespace
}  // namespace rexian::testing
