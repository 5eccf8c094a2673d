// CatchUp: projections applying each batch in parallel from a real LMDB log, and stopping on a failure.
#include <catch2/catch.hpp>

#include "app/views.h"
#include "projections/statistics_log.h"
#include "projections/ticket_view_dump.h"
#include "support/temp_dir.h"

namespace rexian::cli {
namespace {

using testing::DocumentTexts;
using testing::StatisticsLog;
using testing::TempDir;

constexpr std::chrono::minutes kUtc8{480};
constexpr std::int64_t kNow = 1893456000;  // 2030-01-01

// Tickets opened, dispatched and resolved, with their events interleaved.
StatisticsLog Requests(int tickets) {
  StatisticsLog log;
  auto number = [](int i) { return "3203-2025-" + std::to_string(1000000 + i); };
  for (int i = 0; i < tickets; ++i) {
    log.Open(number(i), "2025-03-03T09:00:00+08:00", "3203", "03", "01", "0101");
    if (i % 2) log.Answer(number(i - 1), "2025-03-03T09:05:00+08:00");
  }
  log.Other("2025-03-04T10:00:00+08:00");
  for (int i = 0; i < tickets; i += 2) {
    log.Dispatch(number(i), "2025-03-04T10:00:00+08:00", "3203-019", "2025-03-07T18:00:00+08:00");
    log.Resolve(number(i), "2025-03-05T16:00:00+08:00");
  }
  return log;
}

std::unique_ptr<EventStore> OpenStore(const std::string& dir) {
  LmdbStoreOptions options;
  options.path = dir;
  options.durability = Durability::kRelaxed;
  options.initial_map_bytes = 16u << 20;
  auto store = OpenLmdbEventStore(options);
  REQUIRE(store.ok());
  return std::move(store).value();
}

void AppendAll(EventStore* store, const std::vector<RecordedEvent>& events) {
  for (const RecordedEvent& e : events) {
    AppendRequest request{e.stream_id, ExpectedVersion::Any(),
                          {NewEvent{"event-" + std::to_string(e.position), e.type, 1, e.metadata, e.payload}}};
    AppendResult appended = store->Append(std::move(request));
    REQUIRE(appended.status.ok());
    REQUIRE(appended.last_position == e.position);
  }
}

struct TwoViews {
  explicit TwoViews(const TempDir& dir) {
    auto t = TicketView::Open(dir.sub("tickets"), kUtc8);
    auto s = StatisticsView::Open(dir.sub("statistics"), kUtc8);
    REQUIRE(t.ok());
    REQUIRE(s.ok());
    tickets = std::move(t).value();
    statistics = std::move(s).value();
  }
  std::vector<Projection*> all() const { return {tickets.get(), statistics.get()}; }
  std::vector<std::string> documents() const { return DocumentTexts(tickets.get(), kUtc8); }
  std::int64_t resolved() const {
    const auto day = std::chrono::sys_days(std::chrono::year(2025) / 3 / 3);
    return statistics->Count(day, day, {}, kNow).resolved_on_time;
  }
  std::unique_ptr<TicketView> tickets;
  std::unique_ptr<StatisticsView> statistics;
};

TEST_CASE("catch-up in parallel batches builds the views one Apply builds", "[app][rebuild]") {
  TempDir dir;
  const StatisticsLog log = Requests(30);
  auto store = OpenStore(dir.sub("log"));
  AppendAll(store.get(), log.events());

  TempDir reference_dir;
  TwoViews reference(reference_dir);
  REQUIRE(reference.tickets->Apply(log.events()).ok());
  REQUIRE(reference.statistics->Apply(log.events()).ok());

  for (std::size_t batch : {1, 7, 8192}) {
    TempDir views_dir;
    TwoViews views(views_dir);
    auto read = CatchUp(store.get(), views.all(), nullptr, batch);
    REQUIRE(read.ok());
    CHECK(*read == log.events().size());
    CHECK(views.tickets->checkpoint() == log.events().size());
    CHECK(views.statistics->checkpoint() == log.events().size());
    CHECK(views.documents() == reference.documents());
    CHECK(views.resolved() == reference.resolved());
    CHECK(views.resolved() == 15);
    // Caught up: nothing more to read.
    auto again = CatchUp(store.get(), views.all(), nullptr, batch);
    REQUIRE(again.ok());
    CHECK(*again == 0);
  }
}

TEST_CASE("catch-up stops with the failing projection's status, each view at its own checkpoint",
          "[app][rebuild]") {
  TempDir dir;
  const StatisticsLog good = Requests(16);
  std::vector<RecordedEvent> events = good.events();
  // A ticket event the ticket view cannot read (its metadata is not JSON)
  // and the statistics ignore (they do not count this type), then more.
  const std::uint64_t bad_position = 21;
  RecordedEvent bad = events[bad_position - 1];
  bad.type = "ticket.progress_noted";
  bad.metadata = "not json";
  events.insert(events.begin() + static_cast<std::ptrdiff_t>(bad_position - 1), bad);
  for (std::size_t i = 0; i < events.size(); ++i) events[i].position = i + 1;
  auto store = OpenStore(dir.sub("log"));
  AppendAll(store.get(), events);

  TempDir views_dir;
  TwoViews views(views_dir);
  constexpr std::size_t kBatch = 8;  // the bad event falls in the batch 17..24
  auto read = CatchUp(store.get(), views.all(), nullptr, kBatch);
  REQUIRE_FALSE(read.ok());
  CHECK(read.status().IsCorruption());
  CHECK_THAT(read.status().message(), Catch::Contains("position 21"));
  // The ticket view kept the batches before; the statistics view finished
  // the batch the ticket view refused, and no later one was applied.
  CHECK(views.tickets->checkpoint() == 16);
  CHECK(views.statistics->checkpoint() == 24);
  for (const std::string& doc : views.documents()) {
    CHECK(boost::json::parse(doc).at("last_position").to_number<std::uint64_t>() <= 16);
  }
  // Each view is what applying the log up to its checkpoint gives.
  TempDir reference_dir;
  TwoViews reference(reference_dir);
  REQUIRE(reference.tickets->Apply(std::vector<RecordedEvent>(events.begin(), events.begin() + 16)).ok());
  REQUIRE(reference.statistics->Apply(std::vector<RecordedEvent>(events.begin(), events.begin() + 24)).ok());
  CHECK(views.documents() == reference.documents());
  CHECK(views.statistics->size() == reference.statistics->size());

  // Again: the ticket view fails on the same event; the statistics view is
  // ahead and skips what it has, so it does not move either.
  auto retry = CatchUp(store.get(), views.all(), nullptr, kBatch);
  REQUIRE_FALSE(retry.ok());
  CHECK_THAT(retry.status().message(), Catch::Contains("position 21"));
  CHECK(views.tickets->checkpoint() == 16);
  CHECK(views.statistics->checkpoint() == 24);

  // Without the ticket view, the statistics catch up to the head.
  auto alone = CatchUp(store.get(), {views.statistics.get()}, nullptr, kBatch);
  REQUIRE(alone.ok());
  CHECK(views.statistics->checkpoint() == events.size());
}

}  // namespace
}  // namespace rexian::cli
