// Replies to citizens end to end: `rexian serve` with a channel plugin, a failed delivery,
// a restart, then exactly one delivery recorded.
#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <thread>

#include "app/app_fixture.h"
#include "server/http_client.h"
#include "support/pg_test_database.h"

namespace rexian::testing {
namespace {

const char* kIntegrator = "rxn_sVV1nOmY1LgsW23g-VxxYXpNIIYQiipXzb8qLpYUSCc";

// The test config plus one plugin serving channel "wechat" that fails its
// first `failures` deliveries and records the successful ones in `record`.
// `store_section`: see WriteTestConfig (the LMDB store when empty).
std::string WriteConfig(const TempDir& dir, int port, int failures, const std::string& record,
                        const std::string& store_section = "") {
  std::string path =
      WriteTestConfig(dir.path(), port, dir.sub("data"), "rexian.yaml", store_section);
  std::ofstream f(path, std::ios::app);
  f << "plugins:\n  - name: flaky\n    channel: wechat\n    kind: shared\n    path: "
    << REXIAN_TEST_PLUGIN_FLAKY_DELIVER << "\n    required: true\n    config:\n      failures: "
    << failures << "\n      record: " << record << "\n";
  return path;
}

std::vector<std::string> Lines(const std::string& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The reply events in the log, as "type delivery_id attempt" lines.
std::vector<std::string> ReplyEvents(const TempDir& dir, const std::string& config) {
  std::string out;
  REQUIRE(Rexian(dir, {"tail", "--config", config}, &out) == 0);
  std::vector<std::string> events;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.find("\"reply.") == std::string::npos) continue;
    const boost::json::value parsed = boost::json::parse(line);
    const boost::json::object& record = parsed.as_object();
    // `tail` prints the payload as an object (`export` keeps the stored string).
    const boost::json::value& raw = record.at("payload");
    const boost::json::value payload_value =
        raw.is_string() ? boost::json::parse(std::string(raw.as_string())) : raw;
    const boost::json::object& payload = payload_value.as_object();
    events.push_back(std::string(record.at("type").as_string()) + " " +
                     std::string(payload.at("delivery_id").as_string()) + " " +
                     std::to_string(payload.at("attempt").to_number<std::int64_t>()));
  }
  return events;
}

template <typename Predicate>
bool Eventually(Predicate done, std::chrono::seconds limit) {
  for (auto end = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < end;) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return done();
}

TEST_CASE("a failed reply is retried after a restart and delivered exactly once", "[app][replies]") {
  TempDir dir;
  const int port = FreeLoopbackPort();
  const std::string record = dir.sub("delivered.txt");
  std::string ticket;
  {
    const std::string config = WriteConfig(dir, port, /*failures=*/1, record);
    Subprocess server({RexianBinary(), "serve", "--config", config}, dir.path());
    REQUIRE(WaitUntilServing(port, &server));
    HttpClient client("127.0.0.1", static_cast<std::uint16_t>(port));
    auto r = client.Request("POST", "/v1/contacts",
                            R"({"channel": "wechat", "channel_message_id": "msg-1",
                                "received_at": "2026-11-27T10:00:00+08:00",
                                "citizen": {"id": "oWx_reply_test", "wechat_openid": "oWx_reply_test"},
                                "text": "小区路灯坏了，晚上很黑，请尽快维修"})",
                            {{"Authorization", std::string("Bearer ") + kIntegrator},
                             {"Content-Type", "application/json"}});
    INFO(r.body);
    REQUIRE(r.status == 201);
    ticket = std::string(boost::json::parse(r.body).at("ticket_id").as_string());
    // The first attempt fails and is recorded with its retry time.
    REQUIRE(Eventually([&] { return ReplyEvents(dir, config).size() == 1; },
                       std::chrono::seconds(20)));
    server.Signal(SIGTERM);
    REQUIRE(server.Wait(std::chrono::seconds(20)) == 0);
  }
  const std::string ack = ticket + "/acknowledgement";
  const std::string config = WriteConfig(dir, port, /*failures=*/0, record);
  std::vector<std::string> before = ReplyEvents(dir, config);
  REQUIRE(before == std::vector<std::string>{"reply.failed " + ack + " 1"});
  CHECK(Lines(record).empty());
  {
    // After the restart the retry (due 10 s after the failure) succeeds.
    Subprocess server({RexianBinary(), "serve", "--config", config}, dir.path());
    REQUIRE(WaitUntilServing(port, &server));
    REQUIRE(Eventually([&] { return Lines(record).size() == 1; }, std::chrono::seconds(30)));
    server.Signal(SIGTERM);
    REQUIRE(server.Wait(std::chrono::seconds(20)) == 0);
  }
  CHECK(Lines(record) == std::vector<std::string>{ack + " 2"});
  CHECK(ReplyEvents(dir, config) ==
        std::vector<std::string>{"reply.failed " + ack + " 1", "reply.sent " + ack + " 2"});
  {
    // A third start sends nothing again.
    Subprocess server({RexianBinary(), "serve", "--config", config}, dir.path());
    REQUIRE(WaitUntilServing(port, &server));
    std::this_thread::sleep_for(std::chrono::seconds(2));
    server.Signal(SIGTERM);
    REQUIRE(server.Wait(std::chrono::seconds(20)) == 0);
  }
  CHECK(Lines(record).size() == 1);
  CHECK(ReplyEvents(dir, config).size() == 2);
}

TEST_CASE("two nodes on one PostgreSQL: only the lease holder sends replies, once",
          "[app][replies][cluster][postgres]") {
  PgTestDatabase db;
  if (!db.available()) return;
  TempDir dir_a, dir_b;
  const int port_a = FreeLoopbackPort(), port_b = FreeLoopbackPort();
  auto store = [&](const TempDir& dir) {
    return "store:\n  backend: postgres\n  dsn: \"" + db.dsn() + "\"\n  keys_path: " +
           dir.sub("keys") + "\n  views_path: " + dir.sub("views") + "\n";
  };
  const std::string config_a = WriteConfig(dir_a, port_a, 0, dir_a.sub("sent.txt"), store(dir_a));
  const std::string config_b = WriteConfig(dir_b, port_b, 0, dir_b.sub("sent.txt"), store(dir_b));
  Subprocess a({RexianBinary(), "serve", "--config", config_a}, dir_a.path());
  REQUIRE(WaitUntilServing(port_a, &a));  // first up: a holds the reactor lease
  Subprocess b({RexianBinary(), "serve", "--config", config_b}, dir_b.path());
  REQUIRE(WaitUntilServing(port_b, &b));

  // The contact arrives on node b, which does not hold the lease.
  HttpClient client("127.0.0.1", static_cast<std::uint16_t>(port_b));
  auto r = client.Request("POST", "/v1/contacts",
                          R"({"channel": "wechat", "channel_message_id": "msg-cluster-1",
                              "received_at": "2026-11-27T10:00:00+08:00",
                              "citizen": {"id": "oWx_cluster", "wechat_openid": "oWx_cluster"},
                              "text": "小区路灯坏了，晚上很黑，请尽快维修"})",
                          {{"Authorization", std::string("Bearer ") + kIntegrator},
                           {"Content-Type", "application/json"}});
  INFO(r.body);
  REQUIRE(r.status == 201);
  const std::string ticket = std::string(boost::json::parse(r.body).at("ticket_id").as_string());
  REQUIRE(Eventually([&] { return Lines(dir_a.sub("sent.txt")).size() == 1; },
                     std::chrono::seconds(20)));
  std::this_thread::sleep_for(std::chrono::seconds(2));  // time for a wrong second send
  CHECK(Lines(dir_a.sub("sent.txt")) ==
        std::vector<std::string>{ticket + "/acknowledgement 1"});
  CHECK(Lines(dir_b.sub("sent.txt")).empty());
  CHECK(ReplyEvents(dir_b, config_b) ==
        std::vector<std::string>{"reply.sent " + ticket + "/acknowledgement 1"});
}

}  // namespace
}  // namespace rexian::testing
