// End to end: `rexian serve` with the livestream plugin, two local comment
// servers replaying recorded sessions (a WebSocket JSON feed and a Bilibili
// TCP feed), the programme desk's routes, the department's /v1 work, and
// the session report read from the log.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <thread>

#include "app/app_fixture.h"
#include "app/live_report.h"
#include "app/runtime.h"
#include "comment_server.h"
#include "server/http_client.h"

namespace rexian::live {
namespace {

namespace json = boost::json;
using rexian::testing::HttpClient;
using rexian::testing::HttpClientResponse;
using rexian::testing::HttpHeaderList;
using rexian::testing::Subprocess;
using rexian::testing::TempDir;
using testing::ReplayServer;

const char* kDeskKey = "desk-key-for-tests-0001";
const char* kDeskKeyHash = "313ff77c5b9744057c53ba0e9d7cc685fa0b5b41a555718474dd7256c8df54e7";
// Demo users of config/users.yaml: the agent closes answered orders, the
// department (3203-019, culture and tourism) acknowledges and resolves.
const char* kAgentToken = "rxn_ycGoqTmr04gLs7XeFOLm4AaNOWb9tvsnsCUT5v2DHro";
const char* kDepartmentToken = "rxn_jprMoJDiL9zt-GsXrtqXmMgcOV9VkVr4CMOOeMB-f3c";
const char* kOperatorToken = "rxn_BAucvDGcr7LdgCnB5SEPToTAwu6_AuwPO4ZL4s88lK8";
const char* kSession = "2025-11-27-mayor";
const std::string kSessions = std::string(REXIAN_SOURCE_DIR) + "/tests/plugins/livestream/sessions/";

json::object JsonOf(const HttpClientResponse& r) {
  INFO(r.status << " " << r.body);
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  REQUIRE_FALSE(ec);
  REQUIRE(v.is_object());
  return v.as_object();
}

std::string Str(const json::value& v) { return std::string(v.as_string()); }

// serve with the livestream plugin (actor_role agent) listening to both
// replay servers.
class LiveServe {
 public:
  LiveServe(int json_port, int bili_port) : port_(rexian::testing::FreeLoopbackPort()) {
    config_ = rexian::testing::WriteTestConfig(dir_.path(), port_, dir_.sub("data"));
    std::ofstream(config_, std::ios::app)
        << "plugins:\n  - name: livestream\n    kind: shared\n    required: true\n    path: "
        << REXIAN_BINARY_DIR << "/plugins/rexian_plugin_livestream.so\n    actor_role: agent\n"
        << "    config:\n      desk_keys: [" << kDeskKeyHash << "]\n"
        << "      reconnect_min_ms: 100\n      reconnect_max_ms: 500\n      heartbeat_seconds: 1\n"
        << "      feeds:\n"
        << "        - {name: json-main, kind: json, url: \"ws://127.0.0.1:" << json_port << "/comments\"}\n"
        << "        - {name: bili-main, kind: bilibili, url: \"tcp://127.0.0.1:" << bili_port
        << "\", room_id: 22608112}\n";
    server_ = std::make_unique<Subprocess>(
        std::vector<std::string>{rexian::testing::RexianBinary(), "serve", "--config", config_}, dir_.path());
    const bool serving = rexian::testing::WaitUntilServing(port_, server_.get());
    INFO("rexian serve stderr:\n" << server_->err());
    REQUIRE(serving);
  }
  ~LiveServe() {
    if (server_->running()) {
      server_->Signal(SIGTERM);
      server_->Wait(std::chrono::seconds(20));
    }
  }

  HttpClientResponse Desk(const std::string& method, const std::string& target, const std::string& body = "",
                          const std::string& key = kDeskKey) {
    HttpHeaderList headers = {{"Content-Type", "application/json"}};
    if (!key.empty()) headers.emplace_back("Authorization", "Bearer " + key);
    return client_.Request(method, target, body, headers);
  }

  // A /v1 ticket command on the ticket's current version: the one the last
  // command here answered, once the view (which trails the log a little)
  // shows at least that; otherwise the view's.
  int TicketCommand(const std::string& token, const std::string& number, const std::string& action,
                    const std::string& body) {
    const std::string target = "/v1/tickets/ticket-" + number;
    std::int64_t& known = versions_[number];
    for (int i = 0; i < 200; ++i) {
      if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(25));
      auto t = client_.Request("GET", target, {}, {{"Authorization", "Bearer " + token}});
      if (t.status != 200) continue;
      const std::int64_t seen = JsonOf(t).at("version").as_int64();
      if (seen >= known) {
        known = seen;
        break;
      }
    }
    auto r = client_.Request("POST", target + "/" + action, body,
                             {{"Authorization", "Bearer " + token}, {"If-Match", "\"" + std::to_string(known) + "\""},
                              {"Content-Type", "application/json"}});
    INFO(action << ": " << r.status << " " << r.body);
    if (r.status == 200) known = JsonOf(r).at("version").as_int64();
    return r.status;
  }

  // The version a command outside this fixture (the plugin's) left the ticket at.
  void KnowVersion(const std::string& number, std::int64_t version) { versions_[number] = version; }

  const std::string& config() const { return config_; }
  Subprocess& server() { return *server_; }
  HttpClient& client() { return client_; }

 private:
  TempDir dir_;
  int port_;
  std::string config_;
  std::unique_ptr<Subprocess> server_;
  std::map<std::string, std::int64_t> versions_;  // ticket number -> last version a command answered
  HttpClient client_{"127.0.0.1", static_cast<std::uint16_t>(port_)};
};

TEST_CASE("a livestream session from comments to completed work orders, and its report", "[plugins][livestream]") {
  ReplayServer json_feed(ReplayServer::Mode::kWebSocketText, testing::LoadJsonSession(kSessions + "json_feed.jsonl"));
  ReplayServer bili_feed(ReplayServer::Mode::kBilibiliTcp, testing::LoadBilibiliSession(kSessions + "bilibili.txt"));
  LiveServe serve(json_feed.port(), bili_feed.port());
  const std::string sessions = "/live/sessions";
  const std::string session = sessions + "/" + kSession;
  const std::string start = std::string(R"({"id": ")") + kSession +
                            R"(", "title": "政风热线·市长上线", "programme": "政风热线", "units": ["3203-019", "3203-003"],)"
                            R"( "starts_at": "2025-11-27T10:00:00+08:00", "feeds": ["json-main", "bili-main"]})";

  // The desk authenticates; units and feeds must be configured ones.
  CHECK(serve.Desk("POST", sessions, start, "").status == 401);
  CHECK(serve.Desk("POST", sessions, start, "not-the-desk-key").status == 403);
  auto bad_unit = serve.Desk("POST", sessions, R"({"id": "x1", "title": "t", "units": ["9999-999"]})");
  CHECK(bad_unit.status == 422);
  CHECK(bad_unit.body.find("9999-999") != std::string::npos);
  CHECK(serve.Desk("POST", sessions, R"({"id": "x2", "title": "t", "feeds": ["nope"]})").status == 422);
  CHECK(serve.Desk("POST", sessions, R"({"id": "bad/id", "title": "t"})").status != 201);

  auto started = serve.Desk("POST", sessions, start);
  REQUIRE(started.status == 201);
  CHECK(Str(JsonOf(started).at("stream")) == std::string("live-") + kSession);
  CHECK(serve.Desk("POST", sessions, start).status == 409);  // already on air

  // Both feeds replay their recordings (with a reconnect each); 16 comments.
  json::object seen;
  for (int i = 0; i < 400; ++i) {
    seen = JsonOf(serve.Desk("GET", session));
    if (seen.at("received").as_int64() >= 16 && seen.at("accepted").as_int64() +
        seen.at("failed").as_int64() >= 6) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  INFO(json::serialize(seen) << "\nserve stderr:\n" << serve.server().err());
  REQUIRE(seen.at("received").as_int64() == 16);
  CHECK(seen.at("accepted").as_int64() == 6);
  CHECK(seen.at("failed").as_int64() == 0);
  CHECK(seen.at("rejected").at("spam").as_int64() == 3);
  CHECK(seen.at("rejected").at("duplicate").as_int64() == 3);
  CHECK(seen.at("rejected").at("noise").as_int64() == 4);
  CHECK(json_feed.connections() == 2);
  CHECK(bili_feed.connections() == 2);
  CHECK(bili_feed.auth_body().find(R"("roomid":22608112)") != std::string::npos);

  // A phone-in question the desk types in; a spam one it does not take.
  auto phoned = serve.Desk("POST", session + "/comments",
                           R"({"uid": "tel-1", "uname": "来电观众", "text": "贾汪区大吴街道的自来水水压太低，三楼以上用不上水"})");
  REQUIRE(phoned.status == 201);
  CHECK(Str(JsonOf(phoned).at("outcome")) == "accepted");
  auto spam = serve.Desk("POST", session + "/comments", R"({"uid": "tel-2", "text": "加微信领优惠券啦啦啦"})");
  CHECK(spam.status == 200);
  CHECK(Str(JsonOf(spam).at("outcome")) == "spam");

  // Every accepted question is a work order tagged with the session.
  const json::array questions = JsonOf(serve.Desk("GET", session)).at("questions").as_array();
  REQUIRE(questions.size() == 7);
  std::string on_air_q, on_air_ticket, dispatch_q, dispatch_ticket;
  for (const json::value& q : questions) {
    const json::object& o = q.as_object();
    if (Str(o.at("source")) == "json-main" && on_air_q.empty()) {
      on_air_q = Str(o.at("question"));
      on_air_ticket = Str(o.at("ticket_number"));
    }
    if (Str(o.at("source")) == "bili-main" && dispatch_q.empty()) {
      dispatch_q = Str(o.at("question"));
      dispatch_ticket = Str(o.at("ticket_number"));
    }
  }
  REQUIRE_FALSE(on_air_q.empty());
  REQUIRE_FALSE(dispatch_q.empty());
  json::object ticket;
  for (int i = 0; i < 200; ++i) {
    auto t = serve.client().Request("GET", "/v1/tickets/ticket-" + on_air_ticket, {},
                                    {{"Authorization", std::string("Bearer ") + kOperatorToken}});
    if (t.status == 200) {
      ticket = JsonOf(t);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  INFO(json::serialize(ticket));
  CHECK(ticket.at("channel") == "livestream");
  CHECK(json::serialize(ticket).find(kSession) != std::string::npos);

  // Answered on air by a participating unit, then closed by the agent.
  const std::string answered = session + "/questions/" + on_air_q + "/answered";
  CHECK(serve.Desk("POST", answered, R"({"answer": "x", "unit": "3203-001"})").status == 422);  // not on air
  CHECK(serve.Desk("POST", session + "/questions/q0000000000000000/answered", R"({"answer": "x"})").status == 404);
  auto on_air = serve.Desk("POST", answered, R"({"answer": "路灯已安排今晚修复，请您明天留意", "unit": "3203-019"})");
  INFO(on_air.body);
  REQUIRE(on_air.status == 200);
  CHECK(JsonOf(on_air).at("ticket_version").as_int64() > 1);
  serve.KnowVersion(on_air_ticket, JsonOf(on_air).at("ticket_version").as_int64());
  CHECK(serve.TicketCommand(kAgentToken, on_air_ticket, "close", "{}") == 200);

  // Dispatched to the tourism bureau, which acknowledges and resolves it.
  auto dispatched = serve.Desk("POST", session + "/questions/" + dispatch_q + "/dispatch",
                               R"({"classification": {"type": "complaint", "domain": "education_culture_tourism"},)"
                               R"( "lead_department": "3203-019"})");
  INFO(dispatched.body);
  REQUIRE(dispatched.status == 200);
  serve.KnowVersion(dispatch_ticket, JsonOf(dispatched).at("ticket_version").as_int64());
  CHECK(serve.TicketCommand(kDepartmentToken, dispatch_ticket, "acknowledge", "{}") == 200);
  CHECK(serve.TicketCommand(kDepartmentToken, dispatch_ticket, "resolve", R"({"reply": "已约谈停车场经营方，规范收费"})") == 200);

  // Off air: counts recorded; later comments are refused.
  auto ended = serve.Desk("POST", session + "/end");
  INFO(ended.body);
  REQUIRE(ended.status == 200);
  CHECK(JsonOf(ended).at("received").as_int64() == 18);
  CHECK(serve.Desk("POST", session + "/end").status == 409);
  CHECK(serve.Desk("POST", session + "/comments", R"({"uid": "late", "text": "节目结束后的问题还会处理吗请回答"})").status == 409);
  auto metrics = serve.client().Request("GET", "/metrics");
  CHECK(metrics.body.find("rexian_plugin_livestream_comments_received_total 18") != std::string::npos);

  // The report, read from the log while the server runs.
  auto rt = rexian::cli::OpenRuntime(serve.config(), rexian::cli::RuntimeNeeds{});
  REQUIRE(rt.ok());
  auto report = rexian::cli::BuildLiveReport((*rt)->store.get(), kSession);
  REQUIRE(report.ok());
  CHECK(report->title == "政风热线·市长上线");
  CHECK(report->ended);
  CHECK(report->received == 18);
  CHECK(report->accepted == 7);
  CHECK(report->rejected == std::array<std::int64_t, 3>{4, 3, 4});
  CHECK(report->answered_on_air == 1);
  CHECK(report->dispatched == 1);
  CHECK(report->completed == 2);
  CHECK(report->still_open == 5);
  const std::string md = rexian::cli::RenderLiveReportMarkdown(*report);
  CHECK(md.find("| answered on air | 1 |") != std::string::npos);
  CHECK(md.find("| still open | 5 |") != std::string::npos);
  const json::object as_json = json::parse(rexian::cli::RenderLiveReportJson(*report)).as_object();
  CHECK(as_json.at("rejected").at("noise").as_int64() == 4);
  CHECK(as_json.at("questions").as_array().size() == 7);
  CHECK(rexian::cli::BuildLiveReport((*rt)->store.get(), "no-such-session").status().IsNotFound());
}

}  // namespace
}  // namespace rexian::live
