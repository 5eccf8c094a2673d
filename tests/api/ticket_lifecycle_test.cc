// The whole work-order lifecycle over HTTP against a running server.
#include <thread>

#include "api/api_fixture.h"

namespace rexian::testing {
namespace {

TEST_CASE("a work order goes from intake to archive over HTTP", "[api][lifecycle]") {
  ApiServer api;
  json::object opened = api.Open(kTourismComplaint);
  const std::string id = S(opened.at("id"));
  CHECK(id.rfind("ticket-3203-2025-", 0) == 0);
  CHECK(S(opened.at("number")) == id.substr(7));
  CHECK(U(opened.at("version")) == 1);  // the classification rides on ticket.opened
  json::array events = opened.at("events").as_array();
  CHECK(events == json::array{"ticket.opened"});

  // Dispatch without a department: the routing rules decide, the SLA sets the deadline.
  json::object dispatched = api.Command(id, "dispatch", kAgent, 1);
  CHECK(U(dispatched.at("version")) == 2);
  json::object doc = api.Get(id, U(dispatched.at("position")));
  CHECK(S(doc.at("status")) == "dispatched");
  CHECK(S(doc.at("lead_department")) == "3203-019");
  CHECK(doc.at("routing_rule_id").is_string());
  CHECK(doc.at("deadline").is_string());
  CHECK(S(doc.at("sla_policy_id")) != "");

  api.SetNow(At(2025, 5, 6, 11));
  api.Command(id, "acknowledge", kTourism, 2);
  api.Command(id, "note", kTourism, 3, R"({"text":"已联系景区管理处核实"})");
  api.SetNow(At(2025, 5, 7, 15));
  json::object resolved = api.Command(id, "resolve", kTourism, 4, R"({"reply":"已责令停车场退还多收费用"})");
  doc = api.Get(id, U(resolved.at("position")));
  CHECK(S(doc.at("status")) == "resolved");
  CHECK(doc.at("on_time") == true);

  api.SetNow(At(2025, 5, 8, 9));
  json::object rated = api.Command(id, "follow-up", kSupervisor, 5,
                                   R"({"rating":"satisfied","solved":true,"comment":"满意"})");
  json::object closed = api.Command(id, "close", kSupervisor, U(rated.at("version")));
  doc = api.Get(id, U(closed.at("position")));
  CHECK(S(doc.at("status")) == "closed");
  CHECK(S(doc.at("rating")) == "satisfied");
  CHECK(doc.at("overdue") == false);

  // The history is the audit trail: every event, actor and time; personal
  // data in clear only for users allowed to read it.
  auto history = api.Call("GET", "/v1/tickets/" + id + "/history", kSupervisor);
  REQUIRE(history.status == 200);
  json::array log = json::parse(history.body).at("events").as_array();
  REQUIRE(log.size() == 7);  // opened dispatched acknowledged noted resolved followed_up closed
  CHECK(S(log[0].at("type")) == "ticket.opened");
  CHECK(S(log[0].at("payload").at("text")) == "云龙湖景区停车场乱收费，导游强制购物，请文旅部门处理");
  CHECK(S(log[2].at("metadata").at("actor").at("user")) == "demo-department");
  CHECK(S(log[2].at("metadata").at("actor").at("role")) == "department");
  CHECK(S(log[2].at("metadata").at("occurred_at")) == "2025-05-06T11:00:00+08:00");
  auto redacted = api.Call("GET", "/v1/tickets/" + id + "/history", kTourism);
  CHECK(S(json::parse(redacted.body).at("events").at(0).at("payload").at("text")) == "[redacted]");

  // By number too.
  CHECK(S(api.Get(S(opened.at("number")), 0).at("id")) == id);
}

TEST_CASE("answered on first contact, then closed", "[api][lifecycle]") {
  ApiServer api;
  json::object opened = api.Open(R"({"channel":"wechat","citizen":{"id":"wx-9"},
      "text":"请问公积金提取需要什么材料？",
      "classification":{"type":"consultation","domain":"livelihood","subcategory":"0302"}})");
  const std::string id = S(opened.at("id"));
  api.Command(id, "answer", kAgent, 1, R"({"answer":"需身份证、购房合同，可在公积金中心网站办理"})");
  json::object closed = api.Command(id, "close", kAgent, 2, "{}", 200);
  json::object doc = api.Get(id, U(closed.at("position")));
  CHECK(S(doc.at("status")) == "closed");
  CHECK(doc.at("answered_at").is_string());
  CHECK(S(doc.at("channel")) == "wechat");
}

TEST_CASE("a stale version gets 409 with the current one, of two concurrent writers one wins",
          "[api][concurrency]") {
  ApiServer api;
  const std::string id = S(api.Open(kTourismComplaint).at("id"));
  json::object conflict = api.Command(id, "dispatch", kAgent, 5, "{}", 409);
  CHECK(U(conflict.at("current_version")) == 1);
  CHECK(S(conflict.at("type")) == "https://rexian.dev/problems/version_conflict");

  api.Command(id, "dispatch", kAgent, 1);
  std::atomic<int> ok{0}, conflicts{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < 2; ++i) {
    writers.emplace_back([&, i] {
      auto r = api.Call("POST", "/v1/tickets/" + id + "/" + (i == 0 ? "urge" : "supervise"),
                        kSupervisor, R"({"note":"请加快办理"})", {{"If-Match", "\"2\""}});
      if (r.status == 200) ++ok;
      if (r.status == 409) ++conflicts;
    });
  }
  for (auto& t : writers) t.join();
  CHECK(ok.load() == 1);
  CHECK(conflicts.load() == 1);
  CHECK(api.store()->StreamVersion(id).value() == 3);
}

TEST_CASE("department users act and see only tickets dispatched to them", "[api][auth]") {
  ApiServer api;
  const std::string id = S(api.Open(kTourismComplaint).at("id"));
  json::object dispatched = api.Command(id, "dispatch", kAgent, 1);

  // Health may neither see nor acknowledge the tourism bureau's ticket.
  auto get = api.Call("GET", "/v1/tickets/" + id + "?min_position=" +
                                 std::to_string(U(dispatched.at("position"))), kHealth);
  CHECK(get.status == 403);
  json::object refused = api.Command(id, "acknowledge", kHealth, 2, "{}", 403);
  CHECK_THAT(S(refused.at("detail")), Catch::Contains("3203-020"));
  // Listing as a department is scoped to the department.
  auto list = api.Call("GET", "/v1/tickets", kHealth);
  REQUIRE(list.status == 200);
  CHECK(json::parse(list.body).at("items").as_array().empty());
  auto other = api.Call("GET", "/v1/tickets?department=3203-019", kHealth);
  CHECK(other.status == 403);
  auto own = api.Call("GET", "/v1/tickets?min_position=" + std::to_string(U(dispatched.at("position"))), kTourism);
  CHECK(json::parse(own.body).at("items").as_array().size() == 1);
  // Roles: an operator reads but never writes; an agent does not resolve.
  CHECK(api.Call("GET", "/v1/tickets/" + id, kOperator).status == 200);
  CHECK(api.Command(id, "urge", kOperator, 2, "{}", 403).at("status") == 403);
  api.Command(id, "acknowledge", kTourism, 2);
  CHECK(api.Command(id, "resolve", kAgent, 3, R"({"reply":"x"})", 403).at("status") == 403);
}

TEST_CASE("unauthenticated requests get 401", "[api][auth]") {
  ApiServer api;
  auto none = api.Call("GET", "/v1/tickets", "");
  CHECK(none.status == 401);
  CHECK(none.header("WWW-Authenticate") == "Bearer realm=\"rexian\"");
  CHECK(api.Call("GET", "/v1/tickets", "not-a-token").status == 401);
  HttpClient client("127.0.0.1", api.port());
  CHECK(client.Request("GET", "/v1/tickets", "", {{"Authorization", "Basic YTpi"}}).status == 401);
  CHECK(api.Call("POST", "/v1/tickets", kTourism, kTourismComplaint).status == 403);
}

TEST_CASE("bad input is refused precisely and writes nothing", "[api][validation]") {
  ApiServer api;
  const std::string id = S(api.Open(kTourismComplaint).at("id"));
  const std::uint64_t head = api.store()->HeadPosition();
  struct Case {
    std::string method, target, token, body;
    HttpHeaderList headers;
    int status;
    std::string detail;
  };
  const HttpHeaderList v2 = {{"If-Match", "\"2\""}};
  std::vector<Case> cases = {
      {"POST", "/v1/tickets", kAgent, "{not json", {}, 400, "body: not valid JSON"},
      {"POST", "/v1/tickets", kAgent, "[1,2]", {}, 400, "body: expected a JSON object"},
      {"POST", "/v1/tickets", kAgent, R"({"channel":"phone","text":"x"})", {}, 400, "/citizen"},
      {"POST", "/v1/tickets", kAgent, R"({"channel":"phone","text":7,"citizen":{"id":"c"}})", {}, 400, "/text"},
      {"POST", "/v1/tickets", kAgent, R"({"channel":"phone","text":"x","citizen":{"id":"c"},"colour":"red"})", {}, 400, "/colour: unknown field"},
      {"POST", "/v1/tickets", kAgent, R"({"channel":"phone","text":"x","citizen":{"id":"c"},"classification":{"type":"complaint","domain":"astrology"}})", {}, 422, "unknown domain 'astrology'"},
      {"POST", "/v1/tickets", kAgent, R"({"channel":"phone","text":"x","citizen":{"id":"c"},"platform":"9999"})", {}, 422, "unknown platform '9999'"},
      {"POST", "/v1/tickets/" + id + "/dispatch", kAgent, R"({"lead_department":"3203-999"})", v2, 422, "unknown department '3203-999'"},
      {"POST", "/v1/tickets/" + id + "/classify", kAgent, R"({"type":"complaint","domain":"transport","subcategory":"0301"})", v2, 422, "belongs to another domain"},
      {"POST", "/v1/tickets/" + id + "/resolve", kAgent, "{}", {}, 428, "If-Match"},
      {"POST", "/v1/tickets/" + id + "/resolve", kAgent, "{}", {{"If-Match", "two"}}, 400, "If-Match"},
      {"POST", "/v1/tickets/" + id + "/teleport", kAgent, "{}", v2, 404, "no action 'teleport'"},
      {"POST", "/v1/tickets/ticket-3203-2025-9999999/urge", kSupervisor, "{}", v2, 404, "no ticket"},
      {"GET", "/v1/tickets/3203-2025-9999999", kAgent, "", {}, 404, "no ticket"},
      {"POST", "/v1/tickets/" + id + "/follow-up", kSupervisor, R"({"rating":"ecstatic","solved":true})", v2, 400, "/rating"},
      {"POST", "/v1/tickets/" + id + "/merge", kSupervisor, R"({"into":"3203-2025-7777777"})", v2, 422, "/into: no ticket"},
      {"GET", "/v1/tickets?limit=0", kAgent, "", {}, 400, "limit"},
      {"GET", "/v1/tickets?overdue=maybe", kAgent, "", {}, 400, "overdue"},
      {"GET", "/v1/tickets?created_from=yesterday", kAgent, "", {}, 400, "created_from"},
      {"GET", "/v1/tickets?after=abc", kAgent, "", {}, 400, "after"},
      {"POST", "/v1/tickets/" + id + "/resolve", kTourism, R"({"reply":"x"})", {{"If-Match", "1"}}, 409, "cannot"},
  };
  for (const Case& c : cases) {
    auto headers = c.headers;
    auto r = api.Call(c.method, c.target, c.token, c.body, headers);
    INFO(c.method << " " << c.target << " " << c.body << " -> " << r.status << " " << r.body);
    CHECK(r.status == c.status);
    CHECK(r.header("Content-Type") == "application/problem+json");
    CHECK_THAT(r.body, Catch::Contains(c.detail));
  }
  // An oversized body: 413 from the server.
  std::string huge = R"({"channel":"phone","citizen":{"id":"c"},"text":")" + std::string(2 << 20, 'x') + "\"}";
  CHECK(api.Call("POST", "/v1/tickets", kAgent, huge).status == 413);
  CHECK(api.store()->HeadPosition() == head);
}

TEST_CASE("intake retries with the same channel message id get the same ticket", "[api][idempotency]") {
  ApiServer api;
  const std::string body = R"({"channel":"web","channel_message_id":"form-77","citizen":{"id":"c-77"},"text":"路灯不亮"})";
  json::object first = api.Open(body);
  auto again = api.Call("POST", "/v1/tickets", kAgent, body);
  REQUIRE(again.status == 200);
  json::object second = json::parse(again.body).as_object();
  CHECK(second.at("id") == first.at("id"));
  CHECK(second.at("duplicate") == true);
  CHECK(api.store()->HeadPosition() == 1);
  // Numbers are unique per platform and year, and never reused.
  json::object other = api.Open(R"({"channel":"web","citizen":{"id":"c-78"},"text":"井盖缺失"})");
  CHECK(other.at("number") != first.at("number"));
  json::object county = api.Open(R"({"channel":"web","citizen":{"id":"c-79"},"text":"噪音扰民",
      "location":{"district_code":"320382"}})");
  CHECK(S(county.at("number")).rfind("320382-2025-", 0) == 0);
}

TEST_CASE("listing filters and pages stably", "[api][query]") {
  ApiServer api;
  std::uint64_t last = 0;
  for (int i = 0; i < 7; ++i) {
    json::object o = api.Open(i % 2 == 0 ? std::string(kTourismComplaint)
                                         : std::string(R"({"channel":"web","citizen":{"id":"c"},"text":"咨询"})"));
    last = U(o.at("position"));
  }
  auto page1 = api.Call("GET", "/v1/tickets?limit=3&channel=phone&min_position=" + std::to_string(last), kAgent);
  json::object p1 = json::parse(page1.body).as_object();
  REQUIRE(p1.at("items").as_array().size() == 3);
  REQUIRE(p1.at("next").is_string());
  // A ticket opened between pages does not shift the next page.
  last = U(api.Open(kTourismComplaint).at("position"));
  auto page2 = api.Call("GET", "/v1/tickets?limit=3&channel=phone&after=" + S(p1.at("next")), kAgent);
  json::object p2 = json::parse(page2.body).as_object();
  REQUIRE(p2.at("items").as_array().size() == 1);
  CHECK(p2.at("next").is_null());
  CHECK(S(p1.at("items").at(0).at("number")) > S(p1.at("items").at(2).at("number")));
  auto typed = api.Call("GET", "/v1/tickets?type=complaint&status=classified&level=city&min_position=" +
                                   std::to_string(last), kAgent);
  CHECK(json::parse(typed.body).at("items").as_array().size() == 5);
}

}  // namespace
}  // namespace rexian::testing
