// The phone plugin end to end: a scripted Asterisk (AMI on 127.0.0.1) feeds a
// real `rexian serve`; call records land in the log, the agent's summary opens
// and updates the call's work order, the IVR survey becomes its rating.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "app/app_fixture.h"
#include "scripted_ami_server.h"
#include "server/http_client.h"

namespace rexian::phone::testing {
namespace {

namespace json = boost::json;
using rexian::testing::HttpClient;
using rexian::testing::HttpClientError;
using rexian::testing::HttpClientResponse;
using rexian::testing::HttpHeaderList;
using rexian::testing::Subprocess;
using rexian::testing::TempDir;

constexpr const char* kDeskKey = "phone-desk-key-0001";
// printf %s phone-desk-key-0001 | sha256sum
constexpr const char* kDeskKeyHash =
    "72f80819c9b50e91adecdbf65a8b9d320c229cc21f711ce89e86b8b8a12c59d5";
// Demo users of config/users.yaml (README).
constexpr const char* kOperatorToken = "rxn_BAucvDGcr7LdgCnB5SEPToTAwu6_AuwPO4ZL4s88lK8";
constexpr const char* kAgentToken = "rxn_ycGoqTmr04gLs7XeFOLm4AaNOWb9tvsnsCUT5v2DHro";
constexpr const char* kDepartmentToken = "rxn_jprMoJDiL9zt-GsXrtqXmMgcOV9VkVr4CMOOeMB-f3c";
constexpr const char* kDepartmentCode = "3203-019";

// `rexian serve` with the phone plugin following `ami`.
class PhoneServe {
 public:
  explicit PhoneServe(const ScriptedAmiServer& ami) : port_(rexian::testing::FreeLoopbackPort()) {
    config_ = rexian::testing::WriteTestConfig(dir_.path(), port_, dir_.sub("data"));
    std::ofstream(config_, std::ios::app)
        << "plugins:\n  - name: phone\n    kind: shared\n    required: true\n    actor_role: agent\n"
        << "    path: " << REXIAN_BINARY_DIR << "/plugins/rexian_plugin_phone.so\n"
        << "    config:\n      ami_port: " << ami.port()
        << "\n      ami_username: rexian\n      ami_secret: s3cret\n"
        << "      reconnect_initial_ms: 50\n      survey_retry_seconds: 1\n"
        << "      api_key_sha256: [" << kDeskKeyHash << "]\n";
    server_ = std::make_unique<Subprocess>(
        std::vector<std::string>{rexian::testing::RexianBinary(), "serve", "--config", config_},
        dir_.path());
    const bool serving = rexian::testing::WaitUntilServing(port_, server_.get());
    INFO("rexian serve stderr:\n" << server_->err());
    REQUIRE(serving);
  }
  ~PhoneServe() { Stop(); }

  void Stop() {
    if (server_->running()) {
      server_->Signal(SIGTERM);
      server_->Wait(std::chrono::seconds(20));
    }
  }

  HttpClientResponse Request(const std::string& method, const std::string& target,
                             const std::string& body = {}, HttpHeaderList headers = {}) {
    HttpClient client("127.0.0.1", static_cast<std::uint16_t>(port_));
    return client.Request(method, target, body, headers);
  }
  HttpClientResponse Summary(const std::string& call_id, const std::string& body,
                             const std::string& key = kDeskKey) {
    HttpHeaderList headers = {{"Content-Type", "application/json"}};
    if (!key.empty()) headers.emplace_back("X-Api-Key", key);
    return Request("POST", "/phone/calls/" + call_id + "/summary", body, headers);
  }
  // GET /v1/tickets/{number} as the operator, once `done` holds (bounded).
  json::object TicketWhen(const std::string& number,
                          const std::function<bool(const json::object&)>& done) {
    json::object last;
    for (int i = 0; i < 300; ++i) {
      auto r = Request("GET", "/v1/tickets/ticket-" + number, {},
                       {{"Authorization", std::string("Bearer ") + kOperatorToken}});
      if (r.status == 200) {
        last = json::parse(r.body).as_object();
        if (done(last)) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return last;
  }
  // One /v1 command on the ticket's current version, once the view shows
  // the version of this fixture's previous command; the HTTP status.
  int Command(const std::string& token, const std::string& number, const std::string& action,
              const std::string& body) {
    std::int64_t& seen = versions_[number];
    const json::object ticket = TicketWhen(
        number, [&](const json::object& t) { return t.at("version").as_int64() >= seen; });
    const std::int64_t version = ticket.at("version").as_int64();
    auto r = Request("POST", "/v1/tickets/ticket-" + number + "/" + action, body,
                     {{"Authorization", "Bearer " + token},
                      {"If-Match", "\"" + std::to_string(version) + "\""},
                      {"Content-Type", "application/json"}});
    UNSCOPED_INFO(action << ": " << r.body);
    if (r.status == 200) seen = json::parse(r.body).at("version").as_int64();
    return r.status;
  }
  std::string Metrics() { return Request("GET", "/metrics").body; }
  // Waits until /metrics has `line` (bounded).
  bool MetricsShow(const std::string& line) {
    for (int i = 0; i < 300; ++i) {
      if (Metrics().find(line) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
  }
  // Every record of the log, personal data in plaintext (`rexian tail`).
  std::vector<json::object> Log() {
    std::string out, err;
    rexian::testing::Rexian(dir_, {"tail", "--config", config_, "--plaintext"}, &out, &err);
    std::vector<json::object> records;
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
      if (!line.empty()) records.push_back(json::parse(line).as_object());
    }
    return records;
  }
  Subprocess& server() { return *server_; }

 private:
  TempDir dir_;
  int port_;
  std::string config_;
  std::map<std::string, std::int64_t> versions_;  // by ticket number
  std::unique_ptr<Subprocess> server_;
};

std::vector<json::object> Stream(const std::vector<json::object>& log, const std::string& stream) {
  std::vector<json::object> out;
  for (const json::object& r : log) {
    if (r.at("stream_id") == json::value(stream)) out.push_back(r);
  }
  return out;
}

std::vector<std::string> Types(const std::vector<json::object>& records) {
  std::vector<std::string> out;
  for (const json::object& r : records) out.emplace_back(r.at("type").as_string());
  return out;
}

TEST_CASE("phone: call records, summary -> work order, survey -> its rating", "[plugins][phone]") {
  ScriptedAmiServer ami("rexian", "s3cret");
  PhoneServe serve(ami);
  ami.PlayFile("answered.txt");
  ami.PlayFile("abandoned.txt");
  REQUIRE(ami.WaitDrained(10000));
  // Two calls offered, one answered, one abandoned in the queue: 50 %.
  CHECK(serve.MetricsShow("rexian_plugin_phone_calls_abandoned_total 1"));
  CHECK(serve.MetricsShow("rexian_plugin_phone_connection_rate 0.5"));
  CHECK(serve.MetricsShow("rexian_plugin_phone_ami_connected 1"));

  // The agent desk must present its key.
  CHECK(serve.Summary("1741224600.1", R"({"text": "x"})", "").status == 401);
  CHECK(serve.Summary("1741224600.1", R"({"text": "x"})", "wrong-key").status == 401);
  CHECK(serve.Summary("1741224600.1", R"({"txt": "x"})").status == 400);

  // The summary opens the call's work order with the caller as the citizen.
  const std::string summary = R"({"text": "小区门口路灯坏了一周，晚上很黑", "agent": "1001",
      "classification": {"type": "help", "domain": "urban_rural_construction",
                         "subcategory": "0604"}})";
  auto opened = serve.Summary("1741224600.1", summary);
  INFO(opened.body);
  REQUIRE(opened.status == 201);
  const json::object answer = json::parse(opened.body).as_object();
  const std::string number(answer.at("ticket_number").as_string());
  CHECK(answer.at("created") == json::value(true));
  json::object ticket = serve.TicketWhen(number, [](const json::object&) { return true; });
  CHECK(ticket.at("channel") == json::value("phone"));

  SECTION("a second summary of the same call is added to the same order") {
    auto again = serve.Summary("1741224600.1", R"({"text": "市民补充：路灯编号 A-17"})");
    INFO(again.body);
    REQUIRE(again.status == 200);
    const json::object a = json::parse(again.body).as_object();
    CHECK(a.at("ticket_number") == json::value(number));
    CHECK(a.at("duplicate") == json::value(true));
    CHECK(a.at("update").at("done") == json::value(true));
    CHECK(a.at("update").at("attached") == json::value(true));
    CHECK(a.at("update").at("ticket_number") == json::value(number));
    ticket = serve.TicketWhen(number, [](const json::object& t) {
      return t.at("counts").at("contacts_added").as_int64() == 1;
    });
    CHECK(ticket.at("counts").at("contacts_added").as_int64() == 1);
    // The desk retrying the same update changes nothing.
    auto retried = serve.Summary("1741224600.1", R"({"text": "市民补充：路灯编号 A-17"})");
    REQUIRE(retried.status == 200);
    CHECK(json::parse(retried.body).at("update").at("duplicate") == json::value(true));
  }

  SECTION("the survey held since the call becomes the rating once the order is resolved") {
    REQUIRE(serve.Command(kAgentToken, number, "dispatch",
                          std::string(R"({"lead_department": ")") + kDepartmentCode + "\"}") == 200);
    REQUIRE(serve.Command(kDepartmentToken, number, "acknowledge", "{}") == 200);
    REQUIRE(serve.Command(kDepartmentToken, number, "resolve", R"({"reply": "路灯已修复"})") == 200);
    ticket = serve.TicketWhen(number, [](const json::object& t) {
      return t.at("status") == json::value("followed_up");
    });
    INFO(json::serialize(ticket));
    CHECK(ticket.at("status") == json::value("followed_up"));
    CHECK(serve.MetricsShow("rexian_plugin_phone_surveys_applied_total 1"));

    // The log: the call's records, in order, sealed personal data readable
    // with plaintext access; the rating in the ticket's stream, by the plugin.
    serve.Stop();
    INFO("rexian serve stderr:\n" << serve.server().err());
    const std::vector<json::object> log = serve.Log();
    const auto call = Stream(log, "call-1741224600.1");
    CHECK(Types(call) == std::vector<std::string>{"call.ringing", "call.queued", "call.answered",
                                                  "call.surveyed", "call.ended", "call.linked"});
    REQUIRE_FALSE(call.empty());
    CHECK(call[0].at("payload").at("citizen").at("id") == json::value("13800138000"));
    CHECK(call[0].at("metadata").at("actor") ==
          json::parse(R"({"user": "plugin:phone", "role": "agent"})"));
    CHECK(call[3].at("payload").at("rating") == json::value("satisfied"));
    CHECK(call[5].at("payload").at("ticket_number") == json::value(number));
    const auto abandoned = Stream(log, "call-1741225000.3");
    CHECK(Types(abandoned) == std::vector<std::string>{"call.ringing", "call.queued",
                                                       "call.abandoned", "call.ended"});
    const auto orders = Stream(log, "ticket-" + number);
    REQUIRE_FALSE(orders.empty());
    CHECK(orders.back().at("type") == json::value("ticket.followed_up"));
    CHECK(orders.back().at("payload").at("rating") == json::value("satisfied"));
    CHECK(orders.back().at("metadata").at("actor").at("user") == json::value("plugin:phone"));
  }
}

TEST_CASE("phone: answered on the spot, and a dropped AMI connection mid-call",
          "[plugins][phone]") {
  ScriptedAmiServer ami("rexian", "s3cret");
  PhoneServe serve(ami);
  ami.PlayFile("transfer.txt");
  ami.PlayFile("dropped.txt");
  REQUIRE(ami.WaitDrained(10000));
  CHECK(ami.logins() == 2);
  CHECK(serve.MetricsShow("rexian_plugin_phone_calls_lost_total 1"));
  CHECK(serve.MetricsShow("rexian_plugin_phone_ami_reconnects_total 1"));
  // The transfer and the resumed call ended; the lost one is not offered.
  CHECK(serve.MetricsShow("rexian_plugin_phone_calls_offered_total 2"));
  CHECK(serve.MetricsShow("rexian_plugin_phone_calls_in_progress 0"));

  auto opened = serve.Summary("1741226000.5", R"({"text": "咨询公积金提取材料",
      "answered_on_the_spot": true, "answer": "携带身份证和购房合同到公积金中心办理",
      "classification": {"type": "consultation", "domain": "livelihood", "subcategory": "0302"}})");
  INFO(opened.body);
  REQUIRE(opened.status == 201);
  const json::object a = json::parse(opened.body).as_object();
  CHECK(a.at("action") == json::value("answer"));
  CHECK(a.at("action_done") == json::value(true));
  const std::string number(a.at("ticket_number").as_string());
  const json::object ticket = serve.TicketWhen(
      number, [](const json::object& t) { return t.at("status") == json::value("answered"); });
  CHECK(ticket.at("status") == json::value("answered"));

  serve.Stop();
  INFO("rexian serve stderr:\n" << serve.server().err());
  const std::vector<json::object> log = serve.Log();
  CHECK(Types(Stream(log, "call-1741226000.5")) ==
        std::vector<std::string>{"call.ringing", "call.queued", "call.answered",
                                 "call.transferred", "call.ended", "call.linked"});
  CHECK(Types(Stream(log, "call-1741227002.9")) ==
        std::vector<std::string>{"call.ringing", "call.ended"});
  CHECK(Stream(log, "call-1741227002.9").back().at("payload").at("outcome") == json::value("lost"));
  const auto resumed = Stream(log, "call-1741227000.8");
  CHECK(Types(resumed) ==
        std::vector<std::string>{"call.ringing", "call.queued", "call.answered", "call.ended"});
  CHECK(resumed.back().at("payload").at("outcome") == json::value("answered"));
}

}  // namespace
}  // namespace rexian::phone::testing
