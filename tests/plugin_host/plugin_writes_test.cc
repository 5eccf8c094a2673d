// Plugin ABI 1.1 through the real host table: record_event and ticket_command
// into a real LMDB log, as a plugin instance in its configured actor_role.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <condition_variable>
#include <cstddef>
#include <future>
#include <mutex>
#include <set>

#include "host_fixture.h"
#include "intake/intake.h"
#include "plugin_host/host_api.h"
#include "rexian/event_log.h"
#include "service/ticket_service.h"

namespace rexian::testing {
namespace {

namespace json = boost::json;

// A copy of one rexian_call_result, filled by the done callback.
struct CallAnswer {
  std::mutex mu;
  std::condition_variable cv;
  int calls = 0;
  rexian_status status = REXIAN_INTERNAL;
  std::uint64_t position = 0;
  bool duplicate = false;
  std::string result_json;
  std::string error_json;

  static void Done(void* user_data, const rexian_call_result* r) {
    auto* self = static_cast<CallAnswer*>(user_data);
    std::lock_guard lock(self->mu);
    ++self->calls;
    self->status = r->status;
    self->position = r->position;
    self->duplicate = r->duplicate != 0;
    self->result_json = r->result_json ? r->result_json : "";
    self->error_json = r->error_json ? r->error_json : "";
    self->cv.notify_all();
  }
  bool Wait() {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(5), [this] { return calls > 0; });
  }
  json::object Error() { return json::parse(error_json).as_object(); }
};

// One plugin instance "phone" on channel "phone", as the host sees it.
class WriterFixture {
 public:
  explicit WriterFixture(Role role = Role::kAgent)
      : host_(std::make_shared<rexian_host>(fixture_.Environment(), "phone", "phone",
                                            "phone (test)", role)),
        api_(HostApiTable()) {}

  HostFixture& fixture() { return fixture_; }
  rexian_host* host() { return host_.get(); }

  rexian_status Record(const std::string& stream, const std::string& type,
                       const std::string& payload, const std::string& event_id,
                       CallAnswer* answer) {
    return api_->record_event(host(), stream.c_str(), type.c_str(), payload.data(),
                              payload.size(), event_id.c_str(), CallAnswer::Done, answer);
  }
  rexian_status Command(const std::string& ticket, const std::string& action,
                        const std::string& body, const char* key, CallAnswer* answer) {
    return api_->ticket_command(host(), ticket.c_str(), action.c_str(), body.data(), body.size(),
                                key, CallAnswer::Done, answer);
  }

  // Opens a classified ticket from a phone contact; returns its id.
  std::string OpenTicket(const std::string& message_id) {
    const std::string contact = R"({"channel": "phone", "channel_message_id": ")" + message_id +
                                R"(", "received_at": "2025-03-03T09:00:00+08:00",
        "citizen": {"id": "13800138000", "phone": "13800138000"},
        "text": "小区门口的路灯坏了一个星期", "classification": {"type": "help", "domain": "urban_rural_construction", "subcategory": "0604"}})";
    std::promise<SubmitOutcome> outcome;
    fixture_.sandbox().intake()->Submit(ContactSource{"phone", "phone"}, contact,
                                        [&](SubmitOutcome o) { outcome.set_value(std::move(o)); });
    SubmitOutcome o = outcome.get_future().get();
    INFO(o.ErrorJson());
    REQUIRE(o.status.ok());
    return o.ticket_id;
  }

  // Drives a ticket to "resolved" through the service, as the platform and
  // its lead department would.
  void Resolve(const std::string& id) {
    TicketService* tickets = fixture_.sandbox().tickets();
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    auto loaded = tickets->Load(id, true);
    REQUIRE(loaded.ok());
    auto dispatch = tickets->PlanDispatch(*loaded, DispatchRequest{}, "dispatch", now);
    INFO(dispatch.status().ToString());
    REQUIRE(dispatch.ok());
    Run(id, std::move(dispatch).value(), ticket::SystemActor("test"), now);
    const std::string department = tickets->Load(id)->state.lead_department;
    const ticket::Actor handler = ticket::UserActor("dept-user", Role::kDepartment, department);
    Run(id, ticket::Acknowledge{}, handler, now);
    Run(id, ticket::Resolve{"路灯已修复"}, handler, now);
  }

 private:
  void Run(const std::string& id, ticket::Command command, const ticket::Actor& actor,
           ticket::Time now) {
    std::promise<Result<TicketCommandResult>> done;
    fixture_.sandbox().tickets()->Execute(
        id, std::nullopt, std::move(command), actor, now, "",
        [&](Result<TicketCommandResult> r) { done.set_value(std::move(r)); });
    auto r = done.get_future().get();
    INFO(r.status().ToString());
    REQUIRE(r.ok());
  }

  HostFixture fixture_;
  std::shared_ptr<rexian_host> host_;
  const rexian_host_api* api_;
};

const std::string kRinging = R"({"call_id": "1700000000.42", "at": "2025-03-03T09:00:00+08:00",
  "citizen": {"id": "13800138000"}, "called": "12345"})";

TEST_CASE("the host table offers ABI 1.1's calls", "[plugin_host]") {
  const rexian_host_api* api = HostApiTable();
  CHECK(api->abi_version == static_cast<std::uint32_t>(REXIAN_PLUGIN_ABI_VERSION));
  CHECK(api->struct_size >= offsetof(rexian_host_api, ticket_command) + sizeof(void*));
  CHECK(api->record_event != nullptr);
  CHECK(api->ticket_command != nullptr);
}

TEST_CASE("record_event appends a call record, sealed, once per event id", "[plugin_host]") {
  WriterFixture w;
  CallAnswer first;
  REQUIRE(w.Record("call-1700000000.42", "call.ringing", kRinging, "ring-42", &first) ==
          REXIAN_OK);
  REQUIRE(first.Wait());
  INFO(first.error_json);
  REQUIRE(first.status == REXIAN_OK);
  CHECK(first.position > 0);
  CHECK_FALSE(first.duplicate);
  CHECK(json::parse(first.result_json) ==
        json::parse(R"({"stream": "call-1700000000.42", "version": 1})"));

  EventLog* log = w.fixture().sandbox().log();
  std::vector<RecordedEvent> events;
  REQUIRE(log->ReadStream("call-1700000000.42", 1, 10, PiiAccess::kPlaintext, &events).ok());
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "call.ringing");
  const json::object metadata = json::parse(events[0].metadata).as_object();
  CHECK(metadata.at("actor") == json::parse(R"({"user": "plugin:phone", "role": "agent"})"));
  CHECK(metadata.at("channel") == json::value("phone"));
  // Sealed under the pseudonym intake gives the same caller on this channel.
  CHECK(metadata.at("citizen") ==
        json::value(w.fixture().sandbox().intake()->Pseudonymize("phone", "13800138000")));
  CHECK(json::parse(events[0].payload).at("citizen").at("id") == json::value("13800138000"));
  std::vector<RecordedEvent> stored;
  REQUIRE(w.fixture().sandbox().store()->ReadStream("call-1700000000.42", 1, 10, &stored).ok());
  CHECK(stored[0].payload.find("13800138000") == std::string::npos);

  SECTION("the same event id again writes nothing and answers the original position") {
    const std::uint64_t head = w.fixture().sandbox().store()->HeadPosition();
    CallAnswer again;
    REQUIRE(w.Record("call-1700000000.42", "call.ringing", kRinging, "ring-42", &again) ==
            REXIAN_OK);
    REQUIRE(again.Wait());
    CHECK(again.status == REXIAN_OK);
    CHECK(again.duplicate);
    CHECK(again.position == first.position);
    CHECK(w.fixture().sandbox().store()->HeadPosition() == head);
  }
}

TEST_CASE("record_event refuses types and streams a plugin may not write", "[plugin_host]") {
  WriterFixture w;
  struct Case {
    const char* stream;
    const char* type;
    const char* event_id;
  };
  const Case refused[] = {
      {"ticket-3203-2025-000001", "ticket.opened", "e1"},  // the domain's own
      {"call-1", "call.teleported", "e2"},                 // no schema
      {"live-1", "call.ringing", "e3"},                    // the type's segment is call
      {"call-", "call.ringing", "e4"},                     // empty key
      {"call-a b", "call.ringing", "e5"},                  // space in the key
      {"call-1", "call.ringing", ""},                      // no event id
  };
  for (const Case& c : refused) {
    INFO(c.stream << " " << c.type << " '" << c.event_id << "'");
    CallAnswer answer;
    CHECK(w.Record(c.stream, c.type, kRinging, c.event_id, &answer) == REXIAN_INVALID);
    CHECK(answer.calls == 0);
  }
  CHECK(w.fixture().sandbox().store()->HeadPosition() == 0);
  CHECK(w.fixture().logs().Contains("record_event refused: stream: 'live-1' is not call-<key>"));
}

TEST_CASE("record_event reports a payload that breaks the schema, naming the field",
          "[plugin_host]") {
  WriterFixture w;
  CallAnswer answer;
  REQUIRE(w.Record("call-7", "call.queued",
                   R"({"call_id": "7", "at": "2025-03-03T09:00:00+08:00", "position": "3"})", "q-7",
                   &answer) == REXIAN_OK);
  REQUIRE(answer.Wait());
  CHECK(answer.status == REXIAN_INVALID);
  INFO(answer.error_json);
  const json::object error = answer.Error();
  CHECK(error.at("error") == json::value("unprocessable"));
  const json::array& fields = error.at("fields").as_array();
  std::set<std::string> named;
  for (const json::value& f : fields) named.insert(std::string(f.at("field").as_string()));
  CHECK(named.count("/queue") == 1);
  CHECK(named.count("/position") == 1);
  CHECK(w.fixture().sandbox().store()->HeadPosition() == 0);
}

TEST_CASE("ticket_command records a follow-up as the plugin's actor", "[plugin_host]") {
  WriterFixture w(Role::kAgent);
  const std::string id = w.OpenTicket("call-1");
  w.Resolve(id);
  const std::string number = id.substr(7);

  CallAnswer rated;
  REQUIRE(w.Command(number, "follow-up", R"({"rating": "satisfied", "solved": true})", "survey-1",
                    &rated) == REXIAN_OK);
  REQUIRE(rated.Wait());
  INFO(rated.error_json);
  REQUIRE(rated.status == REXIAN_OK);
  const json::object result = json::parse(rated.result_json).as_object();
  CHECK(result.at("id") == json::value(id));
  CHECK(result.at("number") == json::value(number));
  CHECK(result.at("events") == json::parse(R"(["ticket.followed_up"])"));
  CHECK(rated.position > 0);
  auto loaded = w.fixture().sandbox().tickets()->Load(id);
  REQUIRE(loaded.ok());
  CHECK(loaded->state.status == ticket::TicketStatus::kFollowedUp);
  std::vector<RecordedEvent> events;
  REQUIRE(w.fixture().sandbox().log()->ReadStream(id, 1, 100, PiiAccess::kPlaintext, &events).ok());
  CHECK(json::parse(events.back().metadata).at("actor") ==
        json::parse(R"({"user": "plugin:phone", "role": "agent"})"));

  SECTION("a retry with the same idempotency key writes nothing") {
    CallAnswer again;
    REQUIRE(w.Command(id, "follow-up", R"({"rating": "satisfied", "solved": true})", "survey-1",
                      &again) == REXIAN_OK);
    REQUIRE(again.Wait());
    CHECK(again.status == REXIAN_OK);
    CHECK(again.duplicate);
    CHECK(again.position == rated.position);
  }
  SECTION("a second rating is refused with the domain's reason") {
    CallAnswer twice;
    REQUIRE(w.Command(id, "follow-up", R"({"rating": "dissatisfied", "solved": false})", nullptr,
                      &twice) == REXIAN_OK);
    REQUIRE(twice.Wait());
    CHECK(twice.status == REXIAN_INVALID);
    INFO(twice.error_json);
    CHECK(twice.Error().at("error") == json::value("invalid_state"));
    CHECK(twice.error_json.find("already rated") != std::string::npos);
  }
}

TEST_CASE("ticket_command: the role's limits, conflicts and bad bodies", "[plugin_host]") {
  WriterFixture w(Role::kIntegrator);
  const std::string id = w.OpenTicket("call-2");

  SECTION("an integrator may not answer on first contact: the domain says why") {
    CallAnswer answer;
    REQUIRE(w.Command(id, "answer", R"({"answer": "请拨打供电服务热线"})", nullptr, &answer) ==
            REXIAN_OK);
    REQUIRE(answer.Wait());
    CHECK(answer.status == REXIAN_INVALID);
    INFO(answer.error_json);
    CHECK(answer.Error().at("error") == json::value("forbidden"));
    CHECK(answer.error_json.find("integrator") != std::string::npos);
  }
  SECTION("a stale expected_version is a conflict, with the current version") {
    CallAnswer answer;
    REQUIRE(w.Command(id, "follow-up",
                      R"({"rating": "satisfied", "solved": true, "expected_version": 99})", nullptr,
                      &answer) == REXIAN_OK);
    REQUIRE(answer.Wait());
    CHECK(answer.status == REXIAN_UNAVAILABLE);
    INFO(answer.error_json);
    const json::object error = answer.Error();
    CHECK(error.at("error") == json::value("conflict"));
    CHECK(error.at("current_version").to_number<std::uint64_t>() ==
          w.fixture().sandbox().tickets()->Load(id)->state.version);
  }
  SECTION("a body that is not the action's names the field") {
    CallAnswer answer;
    REQUIRE(w.Command(id, "follow-up", R"({"rating": "great", "solved": true})", nullptr,
                      &answer) == REXIAN_OK);
    REQUIRE(answer.Wait());
    CHECK(answer.status == REXIAN_INVALID);
    INFO(answer.error_json);
    CHECK(answer.Error().at("fields").at(0).at("field") == json::value("/rating"));
  }
  SECTION("an unknown ticket or action is not found") {
    CallAnswer ticket;
    REQUIRE(w.Command("3203-2099-999999", "note", R"({"text": "x"})", nullptr, &ticket) ==
            REXIAN_OK);
    REQUIRE(ticket.Wait());
    CHECK(ticket.status == REXIAN_NOT_FOUND);
    CallAnswer action;
    REQUIRE(w.Command(id, "teleport", "{}", nullptr, &action) == REXIAN_OK);
    REQUIRE(action.Wait());
    CHECK(action.status == REXIAN_NOT_FOUND);
  }
}

TEST_CASE("after the host closed a plugin's calls, record_event and ticket_command are refused",
          "[plugin_host]") {
  WriterFixture w;
  REQUIRE(CloseSubmits(w.host(), std::chrono::steady_clock::now() + std::chrono::seconds(1)));
  CallAnswer answer;
  CHECK(w.Record("call-1", "call.ringing", kRinging, "r", &answer) == REXIAN_UNAVAILABLE);
  CHECK(w.Command("1", "note", "{}", nullptr, &answer) == REXIAN_UNAVAILABLE);
  CHECK(answer.calls == 0);
}

}  // namespace
}  // namespace rexian::testing
