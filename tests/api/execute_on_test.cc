// TicketService::ExecuteOn: a caller's own copy of a ticket stays equal to the stream's fold.
#include <future>

#include "api/api_fixture.h"

namespace rexian::testing {
namespace {

// Runs one ExecuteOn and waits for its answer.
Result<TicketCommandResult> RunOn(TicketService* service, std::shared_ptr<LoadedTicket> known,
                                  ticket::Command command, const ticket::Actor& actor,
                                  ticket::Time now, const std::string& key) {
  std::promise<Result<TicketCommandResult>> answer;
  service->ExecuteOn(std::move(known), std::move(command), actor, now, key,
                     [&answer](Result<TicketCommandResult> r) { answer.set_value(std::move(r)); });
  return answer.get_future().get();
}

}  // namespace

TEST_CASE("a ticket kept by ExecuteOn equals the stream folded anew after every command",
          "[api][service]") {
  ApiServer api;
  api.SetNow(At(2025, 5, 6, 10));
  json::object opened = api.Open(R"({"channel":"phone","citizen":{"id":"p-1","phone":"13800001111"},
      "text":"小区门口路灯不亮","location":{"address":"云龙区和平路1号"},
      "classification":{"type":"help","domain":"transport","subcategory":"0101"}})");
  const std::string id = S(opened.at("id"));
  TicketService* service = api.service();
  auto loaded = service->Load(id);
  REQUIRE(loaded.ok());
  auto known = std::make_shared<LoadedTicket>(std::move(loaded).value());

  const ticket::Actor agent = ticket::UserActor("agent", Role::kAgent);
  auto dispatch = service->PlanDispatch(*known, DispatchRequest{}, "dispatch", At(2025, 5, 6, 10, 5));
  REQUIRE(dispatch.ok());
  REQUIRE(RunOn(service, known, *dispatch, agent, At(2025, 5, 6, 10, 5), "k-dispatch").ok());
  const ticket::Actor department = ticket::UserActor("dept", Role::kDepartment, known->state.lead_department);
  REQUIRE(RunOn(service, known, ticket::Acknowledge{}, department, At(2025, 5, 6, 11), "k-ack").ok());
  REQUIRE(RunOn(service, known, ticket::Resolve{"已修复路灯"}, department, At(2025, 5, 7, 9), "k-resolve").ok());
  REQUIRE(RunOn(service, known,
                ticket::RecordFollowUp{ticket::Rating::kSatisfied, true, std::nullopt, ticket::FollowUpMethod::kPhone},
                agent, At(2025, 5, 8, 9), "k-follow-up").ok());

  auto folded = service->Load(id);
  REQUIRE(folded.ok());
  CHECK(known->state.version == 5);  // opened (classified), dispatched, acknowledged, resolved, rated
  CHECK(known->state == folded->state);

  SECTION("a retried command (same key) writes nothing and leaves the copy equal to the stream") {
    auto again = RunOn(service, known, ticket::Close{std::nullopt}, agent, At(2025, 5, 9, 9), "k-close");
    REQUIRE(again.ok());
    auto retried = std::make_shared<LoadedTicket>(*folded);  // a copy from before the close
    auto duplicate = RunOn(service, retried, ticket::Close{std::nullopt}, agent, At(2025, 5, 9, 9), "k-close");
    REQUIRE(duplicate.ok());
    CHECK(duplicate->duplicate);
    CHECK(retried->state == service->Load(id)->state);
    CHECK(retried->state.status == ticket::TicketStatus::kClosed);
  }
  SECTION("a ticket changed by someone else is a conflict and the copy stays as it was") {
    const ticket::TicketState before = known->state;
    api.Command(id, "close", kAgent, before.version);  // another writer, over HTTP
    auto late = RunOn(service, known, ticket::Close{std::nullopt}, agent, At(2025, 5, 9, 9), "k-late-close");
    REQUIRE_FALSE(late.ok());
    CHECK(late.status().IsConflict());
    CHECK(known->state == before);
  }
}

}  // namespace rexian::testing
