// Event store semantics, one by one, for every backend: append, versions, idempotency, reads.
#include <future>

#include "store/store_fixture.h"

namespace rexian::testing {
namespace {

TEMPLATE_TEST_CASE("an append is stored with positions, versions and a chained hash",
                   "[store]", LmdbBackend, PgBackend) {
  TestType backend;
  if (!backend.available()) return;
  auto store = backend.Open();
  REQUIRE(store->HeadPosition() == 0);

  AppendResult r = store->Append(
      MakeAppend("ticket-1", ExpectedVersion::NoStream(), {MakeEvent("e1", 1), MakeEvent("e2", 2)}));
  REQUIRE(r.status.ok());
  CHECK(r.first_position == 1);
  CHECK(r.last_position == 2);
  CHECK(r.stream_version == 2);
  CHECK_FALSE(r.duplicate);
  CHECK(store->HeadPosition() == 2);

  std::vector<RecordedEvent> events;
  REQUIRE(store->ReadStream("ticket-1", 1, 100, &events).ok());
  REQUIRE(events.size() == 2);
  CHECK(events[0].event_id == "e1");
  CHECK(events[0].stream_version == 1);
  CHECK(events[1].stream_version == 2);
  CHECK(events[1].position == 2);
  CHECK(events[0].type == "test.recorded");
  CHECK(events[0].payload == MakeEvent("e1", 1).payload);
  CHECK(events[0].hash.size() == 32);
  CHECK(events[0].hash != events[1].hash);
  CHECK(events[0].recorded_at_us > 1700000000000000);
  CHECK(events[1].recorded_at_us >= events[0].recorded_at_us);
}

TEMPLATE_TEST_CASE(
    "expected version: any, no stream and exact, and conflicts carry the actual version",
    "[store]", LmdbBackend, PgBackend) {
  TestType backend;
  if (!backend.available()) return;
  auto store = backend.Open();
  REQUIRE(store->Append(MakeAppend("s", ExpectedVersion::NoStream(), {MakeEvent("a")})).status.ok());

  AppendResult again = store->Append(MakeAppend("s", ExpectedVersion::NoStream(), {MakeEvent("b")}));
  CHECK(again.status.IsConflict());
  CHECK(again.stream_version == 1);
  CHECK_THAT(again.status.message(), Catch::Contains("expected no stream") &&
                                         Catch::Contains("current version is 1"));

  AppendResult stale = store->Append(MakeAppend("s", ExpectedVersion::Exact(3), {MakeEvent("c")}));
  CHECK(stale.status.IsConflict());
  CHECK(stale.stream_version == 1);

  AppendResult missing = store->Append(MakeAppend("t", ExpectedVersion::Exact(1), {MakeEvent("d")}));
  CHECK(missing.status.IsConflict());
  CHECK(missing.stream_version == 0);

  CHECK(store->Append(MakeAppend("s", ExpectedVersion::Exact(1), {MakeEvent("e")})).status.ok());
  AppendResult any = store->Append(MakeAppend("s", ExpectedVersion::Any(), {MakeEvent("f")}));
  REQUIRE(any.status.ok());
  CHECK(any.stream_version == 3);
  // Nothing of the refused appends was written.
  CHECK(store->HeadPosition() == 3);
  CHECK(store->StreamVersion("t").value() == 0);
  CHECK(store->StreamVersion("s").value() == 3);
}

TEMPLATE_TEST_CASE("a retried append returns the original positions and writes nothing",
                   "[store]", LmdbBackend, PgBackend) {
  TestType backend;
  if (!backend.available()) return;
  auto store = backend.Open();
  auto request = MakeAppend("s", ExpectedVersion::NoStream(), {MakeEvent("x1"), MakeEvent("x2")});
  AppendResult first = store->Append(request);
  REQUIRE(first.status.ok());
  REQUIRE(store->Append(MakeAppend("other", ExpectedVersion::Any(), {MakeEvent("y")})).status.ok());

  // The retry's expected version no longer holds, but idempotency wins.
  AppendResult retry = store->Append(request);
  REQUIRE(retry.status.ok());
  CHECK(retry.duplicate);
  CHECK(retry.first_position == first.first_position);
  CHECK(retry.last_position == first.last_position);
  CHECK(retry.stream_version == 2);
  CHECK(store->HeadPosition() == 3);

  SECTION("a partial overlap is refused") {
    AppendResult partial =
        store->Append(MakeAppend("s", ExpectedVersion::Any(), {MakeEvent("x2"), MakeEvent("x3")}));
    CHECK(partial.status.IsInvalidArgument());
    CHECK_THAT(partial.status.message(), Catch::Contains("1 of 2 event ids were already appended"));
  }
  SECTION("a taken id after new ones: the new ones leave no trace either") {
    AppendResult late = store->Append(
        MakeAppend("s", ExpectedVersion::Any(), {MakeEvent("x4"), MakeEvent("x5"), MakeEvent("x1")}));
    CHECK(late.status.IsInvalidArgument());
    CHECK_THAT(late.status.message(), Catch::Contains("1 of 3 event ids were already appended"));
    CHECK(store->PositionOf("x4").status().IsNotFound());
    CHECK(store->PositionOf("x5").status().IsNotFound());
    CHECK(store->Verify(nullptr).ok());
  }
  SECTION("an event id reused in another stream is refused") {
    AppendResult moved = store->Append(MakeAppend("z", ExpectedVersion::Any(), {MakeEvent("y")}));
    CHECK(moved.status.IsInvalidArgument());
    CHECK_THAT(moved.status.message(), Catch::Contains("already appended to stream 'other'"));
  }
  CHECK(store->HeadPosition() == 3);
}

TEMPLATE_TEST_CASE("a refused request inside a batch leaves no trace for the requests after it",
                   "[store]", LmdbBackend, PgBackend) {
  TestType backend;
  if (!backend.available()) return;
  auto store = backend.Open();
  REQUIRE(store->Append(MakeAppend("s", ExpectedVersion::Any(), {MakeEvent("old")})).status.ok());
  // Queued together, these usually share one transaction; the outcome must
  // not depend on whether they do.
  std::promise<AppendResult> refused, taken_over;
  store->AppendAsync(MakeAppend("s", ExpectedVersion::Any(), {MakeEvent("n1"), MakeEvent("old")}),
                     [&](AppendResult r) { refused.set_value(std::move(r)); });
  store->AppendAsync(MakeAppend("t", ExpectedVersion::NoStream(), {MakeEvent("n1")}),
                     [&](AppendResult r) { taken_over.set_value(std::move(r)); });
  AppendResult a = refused.get_future().get(), b = taken_over.get_future().get();
  CHECK(a.status.IsInvalidArgument());
  REQUIRE(b.status.ok());
  CHECK(b.first_position == 2);
  CHECK(store->PositionOf("n1").value() == 2);
  CHECK(store->StreamVersion("s").value() == 1);
  CHECK(store->Verify(nullptr).ok());
}

TEMPLATE_TEST_CASE("malformed appends are refused with the field named", "[store]", LmdbBackend,
                   PgBackend) {
  TestType backend;
  if (!backend.available()) return;
  auto store = backend.Open();
  struct Case {
    AppendRequest request;
    std::string message;
  };
  NewEvent no_type = MakeEvent("n1");
  no_type.type.clear();
  NewEvent zero_version = MakeEvent("n2");
  zero_version.schema_version = 0;
  std::vector<Case> cases = {
      {MakeAppend("", ExpectedVersion::Any(), {MakeEvent("a")}), "stream_id: must not be empty"},
      {MakeAppend("s", ExpectedVersion::Any(), {}), "no events"},
      {MakeAppend("s", ExpectedVersion::Any(), {MakeEvent("")}), "events[0].event_id: must not be empty"},
      {MakeAppend("s", ExpectedVersion::Any(), {MakeEvent("d"), MakeEvent("d")}),
       "events[1].event_id: 'd' appears twice"},
      {MakeAppend("s", ExpectedVersion::Any(), {no_type}), "events[0].type: must not be empty"},
      {MakeAppend("s", ExpectedVersion::Any(), {zero_version}), "events[0].schema_version"},
      {MakeAppend("s", ExpectedVersion::Exact(0), {MakeEvent("e")}), "expected version 0"},
      {MakeAppend(std::string("a\0b", 3), ExpectedVersion::Any(), {MakeEvent("f")}), "NUL byte"},
      {MakeAppend(std::string(300, 'x'), ExpectedVersion::Any(), {MakeEvent("g")}),
       "longer than 200 bytes"},
  };
  for (const Case& c : cases) {
    AppendResult r = store->Append(c.request);
    INFO(c.message);
    CHECK(r.status.IsInvalidArgument());
    CHECK_THAT(r.status.message(), Catch::Contains(c.message));
  }
  CHECK(store->HeadPosition() == 0);
}

TEMPLATE_TEST_CASE("reads: one stream from a version, the log from a position, one position",
                   "[store]", LmdbBackend, PgBackend) {
  TestType backend;
  if (!backend.available()) return;
  auto store = backend.Open();
  for (int i = 0; i < 30; ++i) {
    std::string stream = i % 3 == 0 ? "a" : "b";
    REQUIRE(store->Append(MakeAppend(stream, ExpectedVersion::Any(),
                                     {MakeEvent("e" + std::to_string(i), i)}))
                .status.ok());
  }
  std::vector<RecordedEvent> a;
  REQUIRE(store->ReadStream("a", 4, 3, &a).ok());
  REQUIRE(a.size() == 3);
  CHECK(a[0].stream_version == 4);
  CHECK(a[0].event_id == "e9");
  CHECK(a[2].stream_version == 6);

  std::vector<RecordedEvent> none;
  REQUIRE(store->ReadStream("nope", 1, 10, &none).ok());
  CHECK(none.empty());
  // A stream whose id is a prefix of another's stays separate.
  REQUIRE(store->Append(MakeAppend("ab", ExpectedVersion::Any(), {MakeEvent("p")})).status.ok());
  std::vector<RecordedEvent> only_a;
  REQUIRE(store->ReadStream("a", 1, 100, &only_a).ok());
  CHECK(only_a.size() == 10);
  // A stream's version is the last key of its range, whatever its neighbours.
  CHECK(store->StreamVersion("a").value() == 10);
  CHECK(store->StreamVersion("ab").value() == 1);
  CHECK(store->StreamVersion("b").value() == 20);  // the last range of the index
  CHECK(store->StreamVersion("c").value() == 0);   // past every range
  CHECK(store->StreamVersion("0").value() == 0);   // before every range
  CHECK(store->StreamVersion("aa").value() == 0);  // between two ranges

  std::vector<RecordedEvent> all;
  REQUIRE(store->ReadAll(25, 100, &all).ok());
  REQUIRE(all.size() == 7);
  CHECK(all.front().position == 25);
  CHECK(all.back().position == 31);

  int visited = 0;
  REQUIRE(store->ReadAll(1, 100, [&](const RecordedEvent&) { return ++visited < 5; }).ok());
  CHECK(visited == 5);

  auto at = store->ReadAt(10);
  REQUIRE(at.ok());
  CHECK(at->event_id == "e9");
  CHECK(store->ReadAt(99).status().IsNotFound());
  CHECK(store->PositionOf("e9").value() == 10);
  CHECK(store->PositionOf("nope").status().IsNotFound());
}

TEMPLATE_TEST_CASE("a reopened store continues the log and the chain", "[store]", LmdbBackend,
                   PgBackend) {
  TestType backend;
  if (!backend.available()) return;
  {
    auto store = backend.Open();
    REQUIRE(store->Append(MakeAppend("s", ExpectedVersion::Any(), {MakeEvent("a")})).status.ok());
  }
  auto store = backend.Open();
  CHECK(store->HeadPosition() == 1);
  AppendResult r = store->Append(MakeAppend("s", ExpectedVersion::Exact(1), {MakeEvent("b")}));
  REQUIRE(r.status.ok());
  CHECK(r.first_position == 2);
  CHECK(store->Verify(nullptr).ok());
  // The retry of an append from before the restart is still recognised.
  AppendResult retry = store->Append(MakeAppend("s", ExpectedVersion::NoStream(), {MakeEvent("a")}));
  CHECK(retry.duplicate);
  CHECK(retry.first_position == 1);
}

TEST_CASE("relaxed durability stores and reopens the same way", "[store][lmdb]") {
  TempDir dir;
  LmdbStoreOptions options;
  options.durability = Durability::kRelaxed;
  {
    auto store = OpenStore(dir.path(), options);
    for (int i = 0; i < 100; ++i) {
      REQUIRE(store->Append(MakeAppend("s", ExpectedVersion::Any(), {MakeEvent(std::to_string(i))}))
                  .status.ok());
    }
  }
  auto store = OpenStore(dir.path());
  CHECK(store->HeadPosition() == 100);
  CHECK(store->Verify(nullptr).ok());
}

TEMPLATE_TEST_CASE("the store counts appends, conflicts and latency for /metrics",
                   "[store]", LmdbBackend, PgBackend) {
  TestType backend;
  if (!backend.available()) return;
  auto store = backend.Open();
  REQUIRE(store->Append(MakeAppend("s", ExpectedVersion::NoStream(), {MakeEvent("a")})).status.ok());
  store->Append(MakeAppend("s", ExpectedVersion::NoStream(), {MakeEvent("b")}));
  StoreStats stats = store->Stats();
  CHECK(stats.appends == 1);
  CHECK(stats.events_appended == 1);
  CHECK(stats.conflicts == 1);
  CHECK(stats.head_position == 1);
  CHECK(stats.size_bytes > 0);
  std::uint64_t observed = 0;
  for (auto c : stats.latency_counts) observed += c;
  CHECK(observed == 2);
}

}  // namespace
}  // namespace rexian::testing
