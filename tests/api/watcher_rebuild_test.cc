// The deadline watcher's exactly-once behaviour, and rebuild equivalence of the ticket view.
#include "api/api_fixture.h"

namespace rexian::testing {
namespace {

// Counts events of `type` in a ticket's stream.
std::size_t CountEvents(EventStore* store, const std::string& id, const std::string& type) {
  std::vector<RecordedEvent> events;
  REQUIRE(store->ReadStream(id, 1, 1000, &events).ok());
  std::size_t n = 0;
  for (const auto& e : events) n += e.type == type;
  return n;
}

TEST_CASE("the deadline watcher warns and marks overdue exactly once, across restarts",
          "[api][deadlines]") {
  ApiServer api;
  api.SetNow(At(2025, 5, 6, 10));
  const std::string id = S(api.Open(kTourismComplaint).at("id"));
  api.Command(id, "dispatch", kAgent, 1);
  // Acknowledged at once, so only the resolution deadline is left to watch.
  json::object acknowledged = api.Command(id, "acknowledge", kTourism, 2);
  json::object doc = api.Get(id, U(acknowledged.at("position")));
  const ticket::Time deadline = *ticket::ParseTime(S(doc.at("deadline")));
  INFO("deadline " << S(doc.at("deadline")));

  auto watcher = std::make_unique<DeadlineWatcher>(
      api.view(), api.service(),
      DeadlineWatcherOptions{std::chrono::hours(4), std::chrono::seconds(1), [&] { return api.now(); }});
  CHECK(watcher->RunOnce(deadline - std::chrono::hours(5)) == 0);  // not yet
  CHECK(watcher->RunOnce(deadline - std::chrono::hours(3)) == 1);  // warning
  api.runner()->WaitFor(api.store()->HeadPosition(), std::chrono::seconds(2));
  CHECK(watcher->RunOnce(deadline - std::chrono::hours(2)) == 0);  // warned already
  CHECK(CountEvents(api.store(), id, "ticket.deadline_warning") == 1);

  CHECK(watcher->RunOnce(deadline + std::chrono::minutes(1)) == 1);  // overdue
  api.runner()->WaitFor(api.store()->HeadPosition(), std::chrono::seconds(2));
  // A new watcher (a restart) finds nothing left to do for that deadline.
  watcher = std::make_unique<DeadlineWatcher>(
      api.view(), api.service(),
      DeadlineWatcherOptions{std::chrono::hours(4), std::chrono::seconds(1), [&] { return api.now(); }});
  CHECK(watcher->RunOnce(deadline + std::chrono::hours(1)) == 0);
  CHECK(CountEvents(api.store(), id, "ticket.overdue") == 1);
  doc = api.Get(id, api.store()->HeadPosition());
  CHECK(doc.at("overdue") == true);

  // Resolved late: on time is false, and nothing more is watched.
  api.SetNow(deadline + std::chrono::hours(2));
  json::object resolved = api.Command(id, "resolve", kTourism, U(doc.at("version")), R"({"reply":"已处理"})");
  doc = api.Get(id, U(resolved.at("position")));
  CHECK(doc.at("on_time") == false);
  CHECK(doc.at("overdue") == false);
  CHECK(watcher->RunOnce(deadline + std::chrono::hours(48)) == 0);
}

TEST_CASE("an approved extension moves the deadline and is watched anew", "[api][deadlines]") {
  ApiServer api;
  api.SetNow(At(2025, 5, 6, 10));
  const std::string id = S(api.Open(kTourismComplaint).at("id"));
  api.Command(id, "dispatch", kAgent, 1);
  api.Command(id, "acknowledge", kTourism, 2);
  json::object doc = api.Get(id, api.store()->HeadPosition());
  const ticket::Time deadline = *ticket::ParseTime(S(doc.at("deadline")));
  const std::string later = ticket::FormatTime(deadline + std::chrono::hours(72), std::chrono::hours(8));
  api.Command(id, "request-extension", kTourism, 3, R"({"until":")" + later + R"(","reason":"需现场勘查"})");
  json::object approved = api.Command(id, "approve-extension", kSupervisor, 4, R"({"until":")" + later + R"("})");
  doc = api.Get(id, U(approved.at("position")));
  CHECK(S(doc.at("deadline")) == later);
  CHECK(S(doc.at("original_deadline")) != later);

  DeadlineWatcher watcher(api.view(), api.service(),
                          DeadlineWatcherOptions{std::chrono::hours(4), std::chrono::seconds(1), [&] { return api.now(); }});
  // The original deadline passes without an overdue mark: the extension is in force.
  CHECK(watcher.RunOnce(deadline + std::chrono::hours(1)) == 0);
  CHECK(watcher.RunOnce(deadline + std::chrono::hours(71)) == 1);  // warning for the new one
  CHECK(CountEvents(api.store(), id, "ticket.overdue") == 0);
  // Resolved before the extended deadline: on time.
  api.SetNow(deadline + std::chrono::hours(71) + std::chrono::minutes(30));
  json::object resolved = api.Command(id, "resolve", kTourism, U(approved.at("version")) + 1, R"({"reply":"已处理"})");
  CHECK(api.Get(id, U(resolved.at("position"))).at("on_time") == true);
}

TEST_CASE("a rebuilt ticket view equals the live one, record by record", "[api][rebuild]") {
  ApiServer api;
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) ids.push_back(S(api.Open(kTourismComplaint).at("id")));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i % 4 == 0) continue;  // left received
    api.Command(ids[i], "dispatch", kAgent, 1);
    if (i % 4 == 1) continue;
    if (i % 4 == 2) {
      api.Command(ids[i], "return", kTourism, 2, R"({"reason":"不属于本单位职责","reason_code":"not_our_remit"})");
      continue;
    }
    api.Command(ids[i], "acknowledge", kTourism, 2);
    api.Command(ids[i], "resolve", kTourism, 3, R"({"reply":"已办结"})");
    api.Command(ids[i], "follow-up", kSupervisor, 4, R"({"rating":"dissatisfied","solved":false})");
    api.Command(ids[i], "reopen", kSupervisor, 5, R"({"reason":"市民不满意"})");
  }
  DeadlineWatcher watcher(api.view(), api.service(),
                          DeadlineWatcherOptions{std::chrono::hours(4), std::chrono::seconds(1), [&] { return api.now(); }});
  api.runner()->WaitFor(api.store()->HeadPosition(), std::chrono::seconds(5));
  watcher.RunOnce(api.now() + std::chrono::hours(24 * 30));
  const std::uint64_t head = api.store()->HeadPosition();
  REQUIRE(api.runner()->WaitFor(head, std::chrono::seconds(5)));

  auto rebuilt = TicketView::Open(api.dir().sub("rebuilt"), std::chrono::hours(8));
  REQUIRE(rebuilt.ok());
  std::vector<RecordedEvent> batch;
  for (std::uint64_t next = 1; next <= head; next = batch.back().position + 1) {
    batch.clear();
    REQUIRE(api.store()->ReadAll(next, 5, &batch).ok());  // small batches on purpose
    REQUIRE((*rebuilt)->Apply(batch).ok());
  }
  std::vector<TicketDocument> live, replayed;
  REQUIRE(api.view()->ForEach([&](const TicketDocument& d) { live.push_back(d); return true; }).ok());
  REQUIRE((*rebuilt)->ForEach([&](const TicketDocument& d) { replayed.push_back(d); return true; }).ok());
  REQUIRE(live.size() == 12);
  REQUIRE(replayed.size() == live.size());
  for (std::size_t i = 0; i < live.size(); ++i) {
    INFO(live[i].id);
    CHECK(replayed[i] == live[i]);
    CHECK(json::serialize(TicketDocumentToJson(replayed[i], std::chrono::hours(8))) ==
          json::serialize(TicketDocumentToJson(live[i], std::chrono::hours(8))));
  }
  CHECK((*rebuilt)->checkpoint() == head);
  // Same due-deadline index.
  std::vector<std::string> due_live, due_rebuilt;
  auto far = api.now() + std::chrono::hours(24 * 365);
  api.view()->ForEachDue(far, [&](const DueDeadline& d) { due_live.push_back(d.ticket_id); return true; });
  (*rebuilt)->ForEachDue(far, [&](const DueDeadline& d) { due_rebuilt.push_back(d.ticket_id); return true; });
  CHECK(due_live == due_rebuilt);
}

TEST_CASE("ticket documents survive a JSON round trip exactly", "[api][rebuild]") {
  ApiServer api;
  const std::string id = S(api.Open(kTourismComplaint).at("id"));
  api.Command(id, "dispatch", kAgent, 1);
  api.runner()->WaitFor(api.store()->HeadPosition(), std::chrono::seconds(2));
  auto doc = api.view()->Get(id);
  REQUIRE(doc.ok());
  auto back = TicketDocumentFromJson(TicketDocumentToJson(*doc, std::chrono::hours(8)));
  REQUIRE(back.ok());
  CHECK(*back == *doc);
  json::object broken = TicketDocumentToJson(*doc, std::chrono::hours(8));
  broken["deadline"] = "soon";
  CHECK_THAT(TicketDocumentFromJson(broken).status().message(), Catch::Contains("deadline"));
}

}  // namespace
}  // namespace rexian::testing
