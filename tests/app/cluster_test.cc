// Two `rexian serve` nodes on one PostgreSQL: shared log, keys and pseudonyms, cross-node
// conflicts, and the reactor lease with its takeover when the holder is SIGKILLed.
#include <boost/json.hpp>
#include <thread>

#include "app/app_fixture.h"
#include "server/http_client.h"
#include "support/pg_test_database.h"

namespace rexian::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const char* kAgent = "rxn_ycGoqTmr04gLs7XeFOLm4AaNOWb9tvsnsCUT5v2DHro";
const char* kSupervisor = "rxn_R02Dzs6Fy1tFxFH7BIlnhLGVjfhN4QxixKrhdEa3mKo";
const char* kIntegrator = "rxn_sVV1nOmY1LgsW23g-VxxYXpNIIYQiipXzb8qLpYUSCc";
constexpr int kLeaseMs = 1500;

// One node: its own directory, port and views; the log, keys and lease in `dsn`.
class Node {
 public:
  Node(const std::string& dsn, const std::string& name) : port_(FreeLoopbackPort()) {
    const std::string store = "store:\n  backend: postgres\n  dsn: \"" + dsn +
                              "\"\n  keys_path: " + dir_.sub("keys") +
                              "\n  views_path: " + dir_.sub("views") +
                              "\n  reactor_lease_ms: " + std::to_string(kLeaseMs) + "\n";
    config_ = WriteTestConfig(dir_.path(), port_, dir_.sub("data"), name + ".yaml", store);
    server_ = std::make_unique<Subprocess>(
        std::vector<std::string>{RexianBinary(), "serve", "--config", config_}, dir_.path());
  }

  bool Ready() {
    const bool ready = WaitUntilServing(port_, server_.get());
    if (!ready) WARN("node did not start: " << server_->err());
    return ready;
  }

  HttpClientResponse Call(const std::string& method, const std::string& target,
                          const std::string& token, const std::string& body = "",
                          HttpHeaderList headers = {}) {
    HttpClient client("127.0.0.1", static_cast<std::uint16_t>(port_));
    headers.emplace_back("Authorization", std::string("Bearer ") + token);
    return client.Request(method, target, body, headers);
  }

  // The value of rexian_reactor_lease_held on this node (-1 if absent).
  int LeaseHeld() {
    HttpClient client("127.0.0.1", static_cast<std::uint16_t>(port_), 2s);
    const std::string body = client.Request("GET", "/metrics").body;
    const auto at = body.find("\nrexian_reactor_lease_held{");
    if (at == std::string::npos) return -1;
    const auto value = body.find("} ", at);
    return std::stoi(body.substr(value + 2, 1));
  }

  Subprocess& server() { return *server_; }

 private:
  TempDir dir_;
  int port_;
  std::string config_;
  std::unique_ptr<Subprocess> server_;
};

std::string S(const json::value& v) { return std::string(v.as_string()); }

// Opens a ticket on `node`; returns its id.
std::string OpenTicket(Node& node, const std::string& citizen, const std::string& urgency) {
  auto r = node.Call("POST", "/v1/tickets", kAgent,
                     R"({"channel":"web","citizen":{"id":")" + citizen +
                         R"("},"text":"小区路灯不亮","urgency":")" + urgency +
                         R"(","classification":{"type":"help","domain":"urban_rural_construction"}})");
  INFO(r.body);
  REQUIRE(r.status == 201);
  return S(json::parse(r.body).at("id"));
}

// Polls GET /v1/tickets/{id} on `node` until `accept(body)`; returns the time it took.
template <typename Accept>
std::chrono::milliseconds PollTicket(Node& node, const std::string& target, Accept accept,
                                     std::chrono::milliseconds limit) {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    auto r = node.Call("GET", target, kSupervisor);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    if (r.status == 200 && accept(r.body)) return took;
    if (took > limit) return took;
    std::this_thread::sleep_for(20ms);
  }
}

TEST_CASE("two nodes on one database: views, keys and pseudonyms shared, one of two writers wins",
          "[app][cluster][postgres]") {
  PgTestDatabase db;
  if (!db.available()) return;
  Node a(db.dsn(), "a");
  REQUIRE(a.Ready());
  Node b(db.dsn(), "b");
  REQUIRE(b.Ready());

  const std::string id = OpenTicket(a, "citizen-1", "normal");
  const auto seen = PollTicket(b, "/v1/tickets/" + id, [](const std::string&) { return true; }, 5s);
  INFO("node b saw node a's ticket after " << seen.count() << " ms");
  CHECK(seen <= 1000ms);
  // Personal data sealed on node a opens on node b (the key is in the database).
  auto history = b.Call("GET", "/v1/tickets/" + id + "/history", kSupervisor);
  REQUIRE(history.status == 200);
  CHECK_THAT(history.body, Catch::Contains("小区路灯不亮"));
  // Intake gives the same citizen the same pseudonym on both nodes (one shared secret).
  std::vector<std::string> pseudonyms;
  for (Node* node : {&a, &b}) {
    auto contact = node->Call(
        "POST", "/v1/contacts", kIntegrator,
        R"({"channel":"wechat","channel_message_id":"m-)" + std::to_string(pseudonyms.size()) +
            R"(","received_at":"2025-05-06T09:58:00+08:00","citizen":{"id":"oWx_citizen_0001"},)"
            R"("text":"我要投诉：小区门口车辆违停严重，长期占用消防通道"})");
    INFO(contact.body);
    REQUIRE(contact.status == 201);
    const std::string ticket = S(json::parse(contact.body).at("ticket_id"));
    REQUIRE(PollTicket(a, "/v1/tickets/" + ticket, [](const std::string&) { return true; }, 5s) <=
            5s);
    auto doc = json::parse(a.Call("GET", "/v1/tickets/" + ticket, kSupervisor).body);
    pseudonyms.push_back(S(doc.at("citizen")));
  }
  CHECK(pseudonyms[0].rfind("c-", 0) == 0);
  CHECK(pseudonyms[0] == pseudonyms[1]);

  // Dispatch on a, wait for b to see version 2, then both act with If-Match 2.
  auto dispatched = a.Call("POST", "/v1/tickets/" + id + "/dispatch", kAgent, "{}",
                           {{"If-Match", "\"1\""}});
  INFO(dispatched.body);
  REQUIRE(dispatched.status == 200);
  REQUIRE(PollTicket(b, "/v1/tickets/" + id,
                     [&](const std::string&) {
                       return b.Call("GET", "/v1/tickets/" + id, kSupervisor).header("ETag") ==
                              "\"2\"";
                     },
                     5s) <= 5s);
  HttpClientResponse on_a, on_b;
  std::thread ta([&] {
    on_a = a.Call("POST", "/v1/tickets/" + id + "/urge", kSupervisor, R"({"note":"请加快办理"})",
                  {{"If-Match", "\"2\""}});
  });
  std::thread tb([&] {
    on_b = b.Call("POST", "/v1/tickets/" + id + "/supervise", kSupervisor,
                  R"({"note":"请加快办理"})", {{"If-Match", "\"2\""}});
  });
  ta.join();
  tb.join();
  INFO("a: " << on_a.status << " " << on_a.body << "; b: " << on_b.status << " " << on_b.body);
  CHECK(((on_a.status == 200 && on_b.status == 409) || (on_a.status == 409 && on_b.status == 200)));
  CHECK_THAT(on_a.status == 409 ? on_a.body : on_b.body, Catch::Contains("version_conflict"));
}

TEST_CASE("two nodes: one runs the deadline watcher, the other takes over when it is SIGKILLed",
          "[app][cluster][postgres]") {
  PgTestDatabase db;
  if (!db.available()) return;
  Node a(db.dsn(), "a");
  REQUIRE(a.Ready());
  Node b(db.dsn(), "b");
  REQUIRE(b.Ready());
  CHECK(a.LeaseHeld() == 1);  // first up, first to take it
  CHECK(b.LeaseHeld() == 0);

  // An urgent ticket dispatched now must be acknowledged within the hour: the
  // watcher warns at once (four hours ahead), once.
  auto warned = [&](Node& node, const std::string& id) {
    return PollTicket(node, "/v1/tickets/" + id + "/history",
                      [](const std::string& body) {
                        return body.find("ticket.deadline_warning") != std::string::npos;
                      },
                      5s);
  };
  const std::string first = OpenTicket(b, "citizen-2", "urgent");
  REQUIRE(b.Call("POST", "/v1/tickets/" + first + "/dispatch", kAgent, "{}",
                 {{"If-Match", "\"1\""}}).status == 200);
  CHECK(warned(b, first) <= 5s);

  a.server().Signal(SIGKILL);
  a.server().Wait(5s);
  const auto start = std::chrono::steady_clock::now();
  while (b.LeaseHeld() != 1 && std::chrono::steady_clock::now() - start < 5s) {
    std::this_thread::sleep_for(50ms);
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  INFO("node b took the lease " << took.count() << " ms after node a was killed");
  CHECK(b.LeaseHeld() == 1);
  // Not before the row expired (the lease minus at most one renewal period
  // since node a's last renewal), and within one renewal period after it.
  CHECK(took >= std::chrono::milliseconds(kLeaseMs - kLeaseMs / 3 - 150));
  CHECK(took <= std::chrono::milliseconds(kLeaseMs + kLeaseMs / 3 + 700));
  CHECK_THAT(b.server().err(), Catch::Contains("took the reactor lease"));

  // Node b now runs the watcher: a new urgent ticket gets its warning.
  const std::string second = OpenTicket(b, "citizen-3", "urgent");
  REQUIRE(b.Call("POST", "/v1/tickets/" + second + "/dispatch", kAgent, "{}",
                 {{"If-Match", "\"1\""}}).status == 200);
  CHECK(warned(b, second) <= 5s);
  // Each warning once, whoever wrote it.
  auto history = b.Call("GET", "/v1/tickets/" + first + "/history", kSupervisor).body;
  std::size_t warnings = 0;
  for (auto at = history.find("ticket.deadline_warning"); at != std::string::npos;
       at = history.find("ticket.deadline_warning", at + 1)) {
    ++warnings;
  }
  CHECK(warnings == 1);
}

}  // namespace
}  // namespace rexian::testing
