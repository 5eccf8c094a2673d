// Intake through POST /v1/contacts and the quarantine routes, against the real store, log and views.
#include <future>
#include <thread>

#include "api_fixture.h"
#include "intake/classification_suggestion.h"

namespace rexian::testing {
namespace {

inline const char* kIntegrator = "rxn_sVV1nOmY1LgsW23g-VxxYXpNIIYQiipXzb8qLpYUSCc";

// A WeChat-style contact; `id` is the channel's message id.
std::string Contact(const std::string& id, const std::string& text,
                    const std::string& citizen = "oWx_citizen_0001", const std::string& extra = "") {
  return R"({"channel": "wechat", "channel_message_id": ")" + id +
         R"(", "received_at": "2025-05-06T09:58:00+08:00", "citizen": {"id": ")" + citizen +
         R"(", "phone": "13812341234"}, "text": ")" + text + "\"" + extra + "}";
}

json::object Body(const HttpClientResponse& r) {
  INFO(r.status << " " << r.body);
  return json::parse(r.body).as_object();
}

std::vector<std::string> Fields(const json::object& problem) {
  std::vector<std::string> fields;
  for (const json::value& e : problem.at("errors").as_array()) {
    fields.push_back(S(e.as_object().at("field")));
  }
  return fields;
}

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST_CASE("a contact opens a ticket classified from its keywords", "[api][intake]") {
  ApiServer api;
  auto r = api.Call("POST", "/v1/contacts", kIntegrator,
                    Contact("m-1", "我要投诉：小区门口车辆违停严重，长期占用消防通道"));
  REQUIRE(r.status == 201);
  json::object body = Body(r);
  CHECK(body.at("duplicate").as_bool() == false);
  CHECK(body.at("attached").as_bool() == false);
  const std::string id = S(body.at("ticket_id"));
  CHECK(S(body.at("ticket_number")).rfind("3203-2025-", 0) == 0);

  json::object doc = api.Get(id, U(body.at("position")));
  CHECK(S(doc.at("channel")) == "wechat");
  CHECK(S(doc.at("status")) == "classified");
  const json::object& c = doc.at("classification").as_object();
  CHECK(S(c.at("type")) == "complaint");
  CHECK(S(c.at("domain")) == "transport");
  CHECK(S(c.at("subcategory")) == "0105");
  // The citizen is a pseudonym: not the OpenID, not the phone number.
  const std::string citizen = S(doc.at("citizen"));
  CHECK(citizen.rfind("c-", 0) == 0);
  CHECK(citizen.size() == 34);
  CHECK(citizen.find("oWx") == std::string::npos);
  CHECK(citizen == api.intake()->Pseudonymize("wechat", "oWx_citizen_0001"));
}

TEST_CASE("a retried contact gets the same ticket and writes nothing", "[api][intake]") {
  ApiServer api;
  auto first = api.Call("POST", "/v1/contacts", kIntegrator, Contact("m-2", "公交车司机服务态度差"));
  REQUIRE(first.status == 201);
  const std::uint64_t head = api.store()->HeadPosition();
  // WeChat retries three times with the same MsgId; the text may even differ.
  for (int i = 0; i < 3; ++i) {
    auto again = api.Call("POST", "/v1/contacts", kIntegrator, Contact("m-2", "重发"));
    REQUIRE(again.status == 200);
    json::object body = Body(again);
    CHECK(body.at("duplicate").as_bool());
    CHECK(S(body.at("ticket_number")) == S(Body(first).at("ticket_number")));
  }
  CHECK(api.store()->HeadPosition() == head);
  auto found = api.intake()->FindContact("wechat", "m-2");
  REQUIRE(found.ok());
  CHECK(found->ticket_number == S(Body(first).at("ticket_number")));
  CHECK(api.intake()->FindContact("wechat", "never").status().IsNotFound());
}

TEST_CASE("concurrent submits of the same contacts open each ticket once", "[api][intake]") {
  ApiServer api;
  std::atomic<int> opened{0}, duplicates{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 40; ++i) {
        std::promise<SubmitOutcome> p;
        api.intake()->Submit(ContactSource{"test", "wechat"},
                             Contact("race-" + std::to_string(i), "路灯不亮，请尽快维修"),
                             [&p](SubmitOutcome o) { p.set_value(std::move(o)); });
        SubmitOutcome o = p.get_future().get();
        if (!o.status.ok()) ++failures;
        else if (o.duplicate) ++duplicates;
        else ++opened;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(failures == 0);
  CHECK(opened == 40);
  CHECK(duplicates == 200);
}

TEST_CASE("invalid contacts are refused field by field and quarantined", "[api][intake]") {
  ApiServer api;
  const std::string bad = R"({"channel": "wechat", "channel_message_id": "m-3",
      "received_at": "yesterday", "citizen": {"name": "李"}, "text": "噪音扰民",
      "location": {"lat": 123.5}, "colour": "red"})";
  auto r = api.Call("POST", "/v1/contacts", kIntegrator, bad);
  REQUIRE(r.status == 422);
  json::object problem = Body(r);
  const auto fields = Fields(problem);
  CHECK(Has(fields, "/citizen/id"));
  CHECK(Has(fields, "/location/lat"));
  CHECK(Has(fields, "/received_at"));
  CHECK(Has(fields, "/colour"));
  const std::string qid = S(problem.at("quarantine_id"));

  // Configuration checks come after the schema's: unknown codes, wrong channel.
  auto codes = api.Call("POST", "/v1/contacts", kIntegrator,
                        Contact("m-4", "咨询", "oWx_citizen_0001",
                                R"(, "classification": {"subcategory": "9999"},
                                     "location": {"district_code": "999999"})"));
  REQUIRE(codes.status == 422);
  CHECK(Has(Fields(Body(codes)), "/classification/subcategory"));
  CHECK(Has(Fields(Body(codes)), "/location/district_code"));
  std::promise<SubmitOutcome> p;
  api.intake()->Submit(ContactSource{"web", "web"}, Contact("m-5", "咨询"),
                       [&p](SubmitOutcome o) { p.set_value(std::move(o)); });
  SubmitOutcome wrong_channel = p.get_future().get();
  REQUIRE(wrong_channel.status.IsInvalidArgument());
  REQUIRE(wrong_channel.errors.size() == 1);
  CHECK(wrong_channel.errors[0].field == "/channel");
  auto garbage = api.Call("POST", "/v1/contacts", kIntegrator, "{not json");
  REQUIRE(garbage.status == 422);

  // Operators see every refused contact, with the reasons, but not the raw text...
  auto list = api.Call("GET", "/v1/quarantine", kOperator);
  REQUIRE(list.status == 200);
  const json::array items = Body(list).at("items").as_array();
  CHECK(items.size() == 4);
  CHECK(S(items[0].as_object().at("id")) == qid);
  CHECK(S(items[0].as_object().at("source")) == "api:demo-integrator");
  CHECK(S(items[0].as_object().at("channel_message_id")) == "m-3");
  auto one = api.Call("GET", "/v1/quarantine/" + qid, kOperator);
  CHECK(S(Body(one).at("raw")) == "[redacted]");
  // ... which the agent (allowed personal data) reads exactly as it came.
  auto agent_view = api.Call("GET", "/v1/quarantine/" + qid, kAgent);
  CHECK(S(Body(agent_view).at("raw")) == bad);

  // A replay of the unchanged contact fails again and the entry stays.
  auto replay = api.Call("POST", "/v1/quarantine/" + qid + "/replay", kAgent);
  CHECK(replay.status == 422);
  // Replayed with a correction, it opens a ticket and leaves the quarantine.
  auto fixed = api.Call("POST", "/v1/quarantine/" + qid + "/replay", kAgent,
                        R"({"contact": )" + Contact("m-3", "夜间施工噪音扰民") + "}");
  REQUIRE(fixed.status == 201);
  const std::string number = S(Body(fixed).at("ticket_number"));
  auto after = api.Call("GET", "/v1/quarantine/" + qid, kOperator);
  CHECK(S(Body(after).at("status")) == "replayed");
  CHECK(S(Body(after).at("ticket_number")) == number);
  CHECK(S(Body(after).at("released_by")) == "demo-agent");
  auto twice = api.Call("POST", "/v1/quarantine/" + qid + "/replay", kAgent);
  CHECK(twice.status == 409);
  auto pending = api.Call("GET", "/v1/quarantine?status=pending", kOperator);
  CHECK(Body(pending).at("items").as_array().size() == 3);

  // A supervisor may give up on one, with a reason; an operator may not.
  const std::string other = S(Body(pending).at("items").as_array()[0].as_object().at("id"));
  CHECK(api.Call("POST", "/v1/quarantine/" + other + "/discard", kOperator, R"({"reason": "x"})").status == 403);
  auto discard = api.Call("POST", "/v1/quarantine/" + other + "/discard", kSupervisor,
                          R"({"reason": "测试数据"})");
  CHECK(discard.status == 200);
  CHECK(Body(api.Call("GET", "/v1/quarantine?status=pending", kOperator)).at("items").as_array().size() == 2);
}

TEST_CASE("a follow-up quoting the citizen's open ticket is added to it", "[api][intake]") {
  ApiServer api;
  auto first = api.Call("POST", "/v1/contacts", kIntegrator, Contact("f-1", "小区路灯不亮"));
  REQUIRE(first.status == 201);
  const std::string number = S(Body(first).at("ticket_number"));
  REQUIRE(api.runner()->WaitFor(api.store()->HeadPosition(), std::chrono::seconds(10)));

  // The same citizen quotes the number: added to the ticket.
  auto follow = api.Call("POST", "/v1/contacts", kIntegrator,
                         Contact("f-2", "关于工单" + number + "，路灯还是不亮"));
  REQUIRE(follow.status == 200);
  CHECK(Body(follow).at("attached").as_bool());
  CHECK(S(Body(follow).at("ticket_number")) == number);
  json::object doc = api.Get("ticket-" + number, api.store()->HeadPosition());
  CHECK(U(doc.at("counts").as_object().at("contacts_added")) == 1);
  // Its retry is a duplicate of the attachment, not a new ticket.
  auto retry = api.Call("POST", "/v1/contacts", kIntegrator, Contact("f-2", "重发"));
  CHECK(Body(retry).at("duplicate").as_bool());
  CHECK(Body(retry).at("attached").as_bool());

  // Another citizen quoting the same number opens a ticket of their own.
  auto stranger = api.Call("POST", "/v1/contacts", kIntegrator,
                           Contact("f-3", "工单" + number + "我也遇到", "oWx_citizen_0002"));
  REQUIRE(stranger.status == 201);
  CHECK(S(Body(stranger).at("ticket_number")) != number);

  // follow_up_of names it explicitly; once the ticket is closed, a new one opens.
  auto named = api.Call("POST", "/v1/contacts", kIntegrator,
                        Contact("f-4", "补充照片", "oWx_citizen_0001",
                                R"(, "follow_up_of": ")" + number + "\"" +
                                    R"(, "attachments": [{"kind": "image", "ref": "media-1"}])"));
  CHECK(Body(named).at("attached").as_bool());
  api.Command("ticket-" + number, "merge", kAgent,
              U(api.Get("ticket-" + number, api.store()->HeadPosition()).at("version")),
              R"({"into": ")" + S(Body(stranger).at("ticket_number")) + "\"}");
  REQUIRE(api.runner()->WaitFor(api.store()->HeadPosition(), std::chrono::seconds(10)));
  auto late = api.Call("POST", "/v1/contacts", kIntegrator,
                       Contact("f-5", "工单" + number + "怎么样了"));
  REQUIRE(late.status == 201);
  CHECK(Body(late).at("attached").as_bool() == false);
}

TEST_CASE("keyword suggestion picks the best sub-category and a type", "[api][intake]") {
  ApiServer api;
  const Taxonomy& t = api.config().taxonomy;
  auto parking = SuggestClassification(t, "请问小区停车场停车费怎么收的");
  REQUIRE(parking);
  CHECK(parking->domain_code == "transport");
  CHECK(parking->subcategory_code == "0105");
  CHECK(parking->type_code == "consultation");
  CHECK_FALSE(SuggestClassification(t, "你好"));
  CHECK(SuggestTypeKey(t, "你好") == "help");
}

TEST_CASE("only agents and integrators submit contacts", "[api][intake]") {
  ApiServer api;
  CHECK(api.Call("POST", "/v1/contacts", kOperator, Contact("a-1", "咨询")).status == 403);
  CHECK(api.Call("POST", "/v1/contacts", "", Contact("a-1", "咨询")).status == 401);
  CHECK(api.Call("GET", "/v1/quarantine", kTourism).status == 403);
}

}  // namespace
}  // namespace rexian::testing
