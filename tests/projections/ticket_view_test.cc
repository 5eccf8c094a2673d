// TicketView: applying in batches, its in-memory documents and their JSON text, in a real LMDB view.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "projections/statistics_log.h"
#include "projections/ticket_view_dump.h"
#include "projections/ticket_view.h"
#include "support/temp_dir.h"

namespace rexian {
namespace {

using testing::DocumentTexts;
using testing::StatisticsLog;
using testing::TempDir;

constexpr std::chrono::minutes kUtc8{480};

std::unique_ptr<TicketView> OpenView(const std::string& dir) {
  auto view = TicketView::Open(dir, kUtc8);
  REQUIRE(view.ok());
  return std::move(view).value();
}

// Tickets opened, dispatched, resolved, rated, reopened and merged, with
// their events interleaved, so that batches cut tickets' lives in pieces.
StatisticsLog Lives(int tickets) {
  StatisticsLog log;
  auto number = [](int i) { return "3203-2025-" + std::to_string(1000000 + i); };
  for (int i = 0; i < tickets; ++i) {
    log.Open(number(i), "2025-03-03T09:00:00+08:00", i % 3 ? "3203" : "320302", "03", "01", "0101");
  }
  for (int i = 0; i < tickets; ++i) {
    log.Dispatch(number(i), "2025-03-03T10:00:00+08:00", "3203-019", "2025-03-07T18:00:00+08:00");
  }
  for (int i = 0; i < tickets; i += 2) log.Resolve(number(i), "2025-03-05T16:00:00+08:00");
  for (int i = 0; i < tickets; i += 4) log.Rate(number(i), "2025-03-06T10:00:00+08:00", "dissatisfied");
  for (int i = 0; i < tickets; i += 4) {
    log.Reopen(number(i), "2025-03-06T11:00:00+08:00", "3203-020", "2025-03-12T18:00:00+08:00");
  }
  log.Other("2025-03-06T12:00:00+08:00");
  for (int i = 1; i < tickets; i += 6) log.Merge(number(i), "2025-03-06T12:00:00+08:00", number(0));
  for (int i = 2; i < tickets; i += 4) log.Resolve(number(i), "2025-03-13T16:00:00+08:00");
  return log;
}

std::vector<std::string> Documents(TicketView* view) { return DocumentTexts(view, kUtc8); }

Status ApplyInBatches(TicketView* view, const std::vector<RecordedEvent>& events, std::size_t size) {
  for (std::size_t at = 0; at < events.size(); at += size) {
    const auto end = events.begin() + static_cast<std::ptrdiff_t>(std::min(events.size(), at + size));
    Status s = view->Apply(std::vector<RecordedEvent>(events.begin() + static_cast<std::ptrdiff_t>(at), end));
    if (!s.ok()) return s;
  }
  return Status::OK();
}

TEST_CASE("the ticket view gives the same documents whatever the batches", "[projections]") {
  const StatisticsLog log = Lives(40);
  TempDir whole_dir, pieces_dir;
  auto whole = OpenView(whole_dir.path());
  REQUIRE(whole->Apply(log.events()).ok());
  const std::vector<std::string> expected = Documents(whole.get());
  REQUIRE(expected.size() == 40);
  for (std::size_t size : {1, 7, 64}) {
    auto pieces = OpenView(pieces_dir.sub("b" + std::to_string(size)));
    REQUIRE(ApplyInBatches(pieces.get(), log.events(), size).ok());
    CHECK(Documents(pieces.get()) == expected);
    CHECK(pieces->checkpoint() == log.events().size());
  }
  // Documents kept in memory must not survive a clear.
  REQUIRE(whole->Clear().ok());
  REQUIRE(ApplyInBatches(whole.get(), log.events(), 5).ok());
  CHECK(Documents(whole.get()) == expected);
}

TEST_CASE("a batch the ticket view refuses leaves no trace in its documents", "[projections]") {
  const StatisticsLog log = Lives(12);
  const std::vector<RecordedEvent>& events = log.events();
  TempDir dir, reference_dir;
  auto reference = OpenView(reference_dir.path());
  REQUIRE(reference->Apply(events).ok());

  auto view = OpenView(dir.path());
  const std::size_t half = events.size() / 2;
  REQUIRE(view->Apply(std::vector<RecordedEvent>(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(half))).ok());
  // The next batch changes tickets already in memory, then meets a broken event.
  std::vector<RecordedEvent> rest(events.begin() + static_cast<std::ptrdiff_t>(half), events.end());
  std::vector<RecordedEvent> broken = rest;
  broken.back().metadata = "{";
  Status s = view->Apply(broken);
  CHECK(s.IsCorruption());
  CHECK(s.message().find("position " + std::to_string(events.size())) != std::string::npos);
  CHECK(view->checkpoint() == half);
  REQUIRE(view->Apply(rest).ok());
  CHECK(Documents(view.get()) == Documents(reference.get()));
}

TicketDocument EverythingSet() {
  TicketDocument doc;
  doc.id = "ticket-3203-2025-0000001";
  doc.citizen = "c-\"quoted\"\\ \n\t\x01 市民";
  doc.opened_position = 7;
  doc.last_position = 18446744073709551615ull;
  ticket::TicketState& s = doc.state;
  using namespace std::chrono;
  const ticket::Time t0 = sys_days(year(2025) / 3 / 10) + hours(9);
  s.version = 12;
  s.status = ticket::TicketStatus::kDispatched;
  s.number = "3203-2025-0000001";
  s.platform_code = "3203";
  s.level = ticket::Level::kCounty;
  s.channel = "web";
  s.urgency = ticket::Urgency::kUrgent;
  s.session_id = "s/1";
  s.opened_at = t0;
  s.classification = ticket::Classification{"02", "03", "0301"};
  s.answered_at = t0 + minutes(1);
  s.dispatch_number = 2;
  s.lead_department = "3203-019";
  s.assisting_departments = {"3203-020", "3203-021"};
  s.sla_policy_id = "p";
  s.routing_rule_id = "r1";
  s.acknowledge_deadline = t0 + hours(2);
  s.original_deadline = t0 + hours(72);
  s.deadline = t0 + hours(96);
  s.acknowledged_at = t0 + hours(1);
  s.pending_extension = ticket::PendingExtension{"3203-019", t0 + hours(120), t0 + hours(3)};
  s.acknowledgement_watch.warned = {t0 + hours(1)};
  s.resolution_watch.warned = {t0 + hours(70), t0 + hours(94)};
  s.resolution_watch.overdue = {t0 + hours(96)};
  s.resolved_at = t0 + hours(100);
  s.on_time = false;
  s.follow_ups = {ticket::FollowUp{ticket::Rating::kDissatisfied, false, t0 + hours(101)},
                  ticket::FollowUp{ticket::Rating::kSatisfied, true, t0 + hours(200)}};
  s.returns = 1;
  s.progress_notes = 2;
  s.extension_requests = 3;
  s.extensions_approved = 4;
  s.extensions_refused = 5;
  s.urges = 6;
  s.supervisions = 7;
  s.resolutions = 8;
  s.reopens = 9;
  s.contacts_added = 10;
  s.merged_into = "ticket-3203-2025-0000002";
  s.closed_outcome = "resolved";
  s.closed_at = t0 + hours(300);
  return doc;
}

TEST_CASE("a ticket document's text is the serialized JSON form, byte for byte", "[projections]") {
  for (auto offset : {kUtc8, std::chrono::minutes(0), std::chrono::minutes(-330)}) {
    const TicketDocument full = EverythingSet();
    CHECK(TicketDocumentText(full, offset) == boost::json::serialize(TicketDocumentToJson(full, offset)));
    const TicketDocument empty;
    CHECK(TicketDocumentText(empty, offset) == boost::json::serialize(TicketDocumentToJson(empty, offset)));
    // And it reads back as the same document.
    auto back = TicketDocumentFromJson(boost::json::parse(TicketDocumentText(full, offset)).as_object());
    REQUIRE(back.ok());
    CHECK(*back == full);
  }
  // Times with seconds, far in the past and beyond year 9999.
  TicketDocument odd = EverythingSet();
  using namespace std::chrono;
  odd.state.opened_at = sys_days(year(987) / 1 / 2) + seconds(59);
  odd.state.resolved_at = sys_days(year(1969) / 12 / 31) + hours(23) + minutes(59) + seconds(1);
  odd.state.closed_at = sys_days(year(12000) / 6 / 30);
  for (auto offset : {kUtc8, minutes(0), minutes(-330), minutes(23 * 60 + 59)}) {
    CHECK(TicketDocumentText(odd, offset) == boost::json::serialize(TicketDocumentToJson(odd, offset)));
  }
  // Documents folded from events, in every state the log above reaches.
  TempDir dir;
  auto view = OpenView(dir.path());
  REQUIRE(view->Apply(Lives(24).events()).ok());
  REQUIRE(view->ForEach([&](const TicketDocument& doc) {
                 CHECK(TicketDocumentText(doc, kUtc8) ==
                       boost::json::serialize(TicketDocumentToJson(doc, kUtc8)));
                 return true;
               }).ok());
}

}  // namespace
}  // namespace rexian
