// The example plugin end to end: HTTP on 127.0.0.1 -> submit_contact -> a contact in a real LMDB
// log.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <future>

#include "host_fixture.h"
#include "intake/intake.h"
#include "plugin_host/host_queries.h"
#include "plugin_host/shared_plugin.h"
#include "rexian/event_log.h"
#include "rexian/metrics.h"
#include "server/http_client.h"
#include "service/ticket_service.h"

namespace rexian::testing {
namespace {

namespace json = boost::json;

const HttpHeaderList kJson = {{"Content-Type", "application/json"}};

std::unique_ptr<SharedPlugin> LoadExample(HostFixture& host, const std::string& config_json) {
  auto plugin = SharedPlugin::Load(
      HostFixture::Shared("example", REXIAN_EXAMPLE_PLUGIN, config_json), host.Environment());
  INFO(plugin.status().ToString());
  REQUIRE(plugin.ok());
  return std::move(plugin).value();
}

TEST_CASE("the example plugin turns a POST into a work order and answers with its number",
          "[plugin_host]") {
  HostFixture host;
  const std::string replies = host.dir().sub("replies.jsonl");
  auto plugin = LoadExample(host, R"({"reply_file": ")" + replies + R"(", "greeting": "谢谢"})");
  CHECK(plugin->descriptor().name == std::string("example"));
  CHECK(plugin->routes() ==
        std::vector<std::pair<std::string, std::string>>{{"POST", "/example/messages"}});
  REQUIRE(plugin->Start().ok());
  CHECK(host.logs().Contains("listening on POST /example/messages for channel example"));

  HttpClient client("127.0.0.1", host.port());
  const std::string message = R"({"id":"m-1","from":"13800000000","text":"小区门口的路灯不亮了"})";
  const HttpClientResponse created = client.Request("POST", "/example/messages", message, kJson);
  INFO(created.body);
  REQUIRE(created.status == 201);
  const json::object answer = json::parse(created.body).as_object();
  const std::string number(answer.at("ticket_number").as_string());
  CHECK_FALSE(number.empty());
  CHECK(answer.at("duplicate") == json::value(false));
  CHECK(answer.at("message") == json::value("谢谢 " + number));

  SECTION("the contact is in the log, in the ticket's stream") {
    std::vector<RecordedEvent> events;
    REQUIRE(host.sandbox()
                .log()
                ->ReadStream("ticket-" + number, 1, 100, PiiAccess::kPlaintext, &events)
                .ok());
    REQUIRE_FALSE(events.empty());
    CHECK(events.front().type == "ticket.opened");
    const json::object opened = json::parse(events.front().payload).as_object();
    CHECK(opened.at("channel") == json::value("example"));
    CHECK(opened.at("number") == json::value(number));
    CHECK(opened.at("text") == json::value("小区门口的路灯不亮了"));
    CHECK(opened.at("contact").as_object().at("channel_message_id") == json::value("m-1"));
  }

  SECTION("a retry of the same message gets the same ticket and writes nothing") {
    const std::uint64_t head = host.sandbox().store()->HeadPosition();
    const HttpClientResponse again = client.Request("POST", "/example/messages", message, kJson);
    REQUIRE(again.status == 200);
    CHECK(json::parse(again.body).at("ticket_number") == json::value(number));
    CHECK(json::parse(again.body).at("duplicate") == json::value(true));
    CHECK(host.sandbox().store()->HeadPosition() == head);
  }

  SECTION("an invalid contact is refused naming the field; a malformed body is a 400") {
    const HttpClientResponse refused = client.Request(
        "POST", "/example/messages", R"({"id":"m-2","from":"13800000000","text":""})", kJson);
    CHECK(refused.status == 422);
    CHECK_THAT(refused.body, Catch::Contains("/text"));
    const HttpClientResponse malformed =
        client.Request("POST", "/example/messages", R"({"id": 7})", kJson);
    CHECK(malformed.status == 400);
    CHECK_THAT(malformed.body, Catch::Contains("id: expected a string"));
  }

  SECTION("the host's queries find the ticket, without personal data") {
    REQUIRE(host.sandbox().WaitForView(std::chrono::seconds(10)));
    auto ticket = host.sandbox().queries()->GetTicket(number);
    INFO(ticket.status().ToString());
    REQUIRE(ticket.ok());
    const json::object doc = json::parse(*ticket).as_object();
    CHECK(doc.at("number") == json::value(number));
    CHECK(doc.at("channel") == json::value("example"));
    CHECK_FALSE(doc.contains("citizen"));
    CHECK(doc.at("reply").is_null());
    CHECK(doc.at("district_code").is_null());
    CHECK(ticket->find("13800000000") == std::string::npos);

    auto found = host.sandbox().queries()->FindContact("example", "m-1");
    REQUIRE(found.ok());
    CHECK(json::parse(*found).at("ticket_number") == json::value(number));
    CHECK(host.sandbox().queries()->FindContact("example", "m-404").status().IsNotFound());

    auto listed = host.sandbox().queries()->ListTickets(R"({"channel":"example","status":"open"})");
    REQUIRE(listed.ok());
    const json::object page = json::parse(*listed).as_object();
    REQUIRE(page.at("items").as_array().size() == 1);
    CHECK(page.at("items").as_array()[0].at("number") == json::value(number));
    CHECK(page.at("next").is_null());
    auto closed = host.sandbox().queries()->ListTickets(R"({"status":"closed"})");
    REQUIRE(closed.ok());
    CHECK(json::parse(*closed).at("items").as_array().empty());
    CHECK(host.sandbox()
              .queries()
              ->ListTickets(R"({"status":"nonsense"})")
              .status()
              .IsInvalidArgument());
  }

  SECTION("list_tickets pages newest first with limit and cursor") {
    std::vector<std::string> numbers = {number};
    for (const char* id : {"m-3", "m-4"}) {
      const HttpClientResponse more = client.Request(
          "POST", "/example/messages",
          std::string(R"({"id":")") + id + R"(","from":"13900000000","text":"噪音扰民"})", kJson);
      REQUIRE(more.status == 201);
      numbers.emplace_back(json::parse(more.body).at("ticket_number").as_string());
    }
    REQUIRE(host.sandbox().WaitForView(std::chrono::seconds(10)));
    for (const char* status : {"", R"(,"status":"open")"}) {
      INFO("status filter: " << status);
      auto first = host.sandbox().queries()->ListTickets(
          std::string(R"({"channel":"example","limit":2)") + status + "}");
      REQUIRE(first.ok());
      const json::object page1 = json::parse(*first).as_object();
      REQUIRE(page1.at("items").as_array().size() == 2);
      CHECK(page1.at("items").as_array()[0].at("number") == json::value(numbers[2]));
      CHECK(page1.at("items").as_array()[1].at("number") == json::value(numbers[1]));
      REQUIRE(page1.at("next").is_string());
      auto second = host.sandbox().queries()->ListTickets(
          std::string(R"({"channel":"example","limit":2,"cursor":")") +
          std::string(page1.at("next").as_string()) + "\"" + status + "}");
      REQUIRE(second.ok());
      const json::object page2 = json::parse(*second).as_object();
      REQUIRE(page2.at("items").as_array().size() == 1);
      CHECK(page2.at("items").as_array()[0].at("number") == json::value(numbers[0]));
      CHECK(page2.at("next").is_null());
    }
    for (const char* bad : {R"({"limit":0})", R"({"limit":1001})", R"({"cursor":"x"})",
                            R"({"opened_from":"yesterday"})", R"({"colour":"red"})", "[]"}) {
      INFO(bad);
      CHECK(host.sandbox().queries()->ListTickets(bad).status().IsInvalidArgument());
    }
  }

  SECTION("configuration sections for plugins") {
    auto taxonomy = host.sandbox().queries()->ConfigSection("taxonomy");
    REQUIRE(taxonomy.ok());
    const json::object t = json::parse(*taxonomy).as_object();
    CHECK_FALSE(t.at("types").as_array().empty());
    CHECK_FALSE(t.at("domains").as_array()[0].at("subcategories").as_array().empty());
    auto organisation = host.sandbox().queries()->ConfigSection("organisation");
    REQUIRE(organisation.ok());
    CHECK(json::parse(*organisation).at("platforms").as_array()[0].at("level") ==
          json::value("city"));
    auto server = host.sandbox().queries()->ConfigSection("server");
    REQUIRE(server.ok());
    CHECK(json::parse(*server) == json::parse(R"({"utc_offset_minutes":480})"));
    CHECK(host.sandbox().queries()->ConfigSection("users").status().IsNotFound());
  }

  SECTION("get_ticket shows the department's reply once the ticket is resolved") {
    TicketService* tickets = host.sandbox().tickets();
    const std::string id = "ticket-" + number;
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    auto execute = [&](ticket::Command command, const ticket::Actor& actor) {
      std::promise<Result<TicketCommandResult>> done;
      tickets->Execute(id, std::nullopt, std::move(command), actor, now, "",
                       [&](Result<TicketCommandResult> r) { done.set_value(std::move(r)); });
      Result<TicketCommandResult> result = done.get_future().get();
      INFO(result.status().ToString());
      REQUIRE(result.ok());
    };
    auto loaded = tickets->Load(id, /*plaintext=*/true);
    REQUIRE(loaded.ok());
    auto dispatch = tickets->PlanDispatch(*loaded, DispatchRequest{}, "dispatch", now);
    INFO(dispatch.status().ToString());
    REQUIRE(dispatch.ok());
    execute(*dispatch, ticket::UserActor("demo-agent", Role::kAgent));
    auto dispatched = tickets->Load(id);
    REQUIRE(dispatched.ok());
    const std::string lead = dispatched->state.lead_department;
    const ticket::Actor handler = ticket::UserActor("demo-department", Role::kDepartment, lead);
    execute(ticket::Acknowledge{}, handler);
    execute(ticket::Resolve{"路灯已于今日修复，感谢您的反映"}, handler);

    REQUIRE(host.sandbox().WaitForView(std::chrono::seconds(10)));
    auto ticket = host.sandbox().queries()->GetTicket(id);
    REQUIRE(ticket.ok());
    const json::object doc = json::parse(*ticket).as_object();
    CHECK(doc.at("status") == json::value("resolved"));
    CHECK(doc.at("reply") == json::value("路灯已于今日修复，感谢您的反映"));
    CHECK_FALSE(doc.contains("citizen"));
  }

  SECTION("deliver appends the reply to the configured file") {
    Reply reply;
    reply.delivery_id = "delivery-42";
    reply.kind = "acknowledgement";
    reply.ticket_number = number;
    reply.channel_message_id = "m-1";
    reply.citizen_json = R"({"id":"13800000000"})";
    reply.text = "您的诉求已受理，工单号 " + number;
    std::promise<Status> delivered;
    plugin->Deliver(reply, [&](Status s) { delivered.set_value(s); });
    REQUIRE(delivered.get_future().get().ok());
    const json::object line = json::parse(Subprocess::Slurp(replies)).as_object();
    CHECK(line.at("delivery_id") == json::value("delivery-42"));
    CHECK(line.at("ticket_number") == json::value(number));
    CHECK(line.at("text") == json::value(reply.text));
    CHECK(Subprocess::Slurp(replies).find("13800000000") == std::string::npos);
  }

  SECTION("its metrics are on the registry") {
    const std::string metrics = host.sandbox().metrics()->Render();
    CHECK_THAT(metrics, Catch::Contains("rexian_plugin_example_messages_total 1"));
    CHECK_THAT(
        metrics,
        Catch::Contains(R"(rexian_plugin_submits_total{plugin="example",outcome="accepted"} 1)"));
    CHECK_THAT(metrics, Catch::Contains(R"(rexian_plugin_up{plugin="example"} 1)"));
  }

  SECTION("after Stop the route answers 503 and nothing reaches the plugin") {
    REQUIRE(plugin->Stop().ok());
    const HttpClientResponse stopped = client.Request("POST", "/example/messages", message, kJson);
    CHECK(stopped.status == 503);
  }
}

TEST_CASE("the example plugin refuses a bad configuration, naming the option", "[plugin_host]") {
  HostFixture host;
  auto unknown = SharedPlugin::Load(
      HostFixture::Shared("example", REXIAN_EXAMPLE_PLUGIN, R"({"colour":"red"})"),
      host.Environment());
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().IsInvalidArgument());
  CHECK_THAT(unknown.status().message(),
             Catch::Contains("create() failed: config: unknown option \"colour\""));

  auto reserved = SharedPlugin::Load(
      HostFixture::Shared("example", REXIAN_EXAMPLE_PLUGIN, R"({"route_prefix":"/v1"})"),
      host.Environment());
  REQUIRE_FALSE(reserved.ok());
  CHECK_THAT(reserved.status().message(),
             Catch::Contains("create() failed: route_prefix: cannot register POST /v1/messages"));
  CHECK(host.logs().Contains("\"/v1/messages\" is under /v1, which rexian keeps for itself"));

  auto unwritable =
      SharedPlugin::Load(HostFixture::Shared("example", REXIAN_EXAMPLE_PLUGIN,
                                             R"({"reply_file":"/nonexistent/dir/replies"})"),
                         host.Environment());
  REQUIRE(unwritable.ok());
  const Status started = (*unwritable)->Start();
  CHECK(started.IsInvalidArgument());
  CHECK_THAT(started.message(), Catch::Contains("start() failed: reply_file: cannot open"));
  CHECK((*unwritable)->health().message() == started.message());
}

}  // namespace
}  // namespace rexian::testing
