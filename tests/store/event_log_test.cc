// EventLog: schema validation before append, personal data sealed, revealed by role, forgotten.
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <set>
#include <thread>

#include "rexian/event_log.h"
#include "store/store_fixture.h"

namespace rexian::testing {
namespace {

std::unique_ptr<SchemaRegistry> LoadSchemas() {
  auto r = SchemaRegistry::Load(std::string(REXIAN_SOURCE_DIR) + "/schemas");
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::unique_ptr<KeyStore> OpenKeys(const std::string& dir) {
  auto r = KeyStore::Open(dir);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  return std::move(r).value();
}

// A real store, the real schemas of the repository and a real key store.
struct LogFixture {
  TempDir dir;
  std::unique_ptr<EventStore> store = OpenStore(dir.sub("log"));
  std::unique_ptr<SchemaRegistry> schemas = LoadSchemas();
  std::unique_ptr<KeyStore> keys = OpenKeys(dir.sub("keys"));
  EventLog log{store.get(), schemas.get(), keys.get()};
};

NewEvent Recorded(const std::string& id, const std::string& citizen, const std::string& note) {
  NewEvent e;
  e.event_id = id;
  e.type = "test.recorded";
  e.metadata = R"({"actor":{"user":"agent-1","role":"agent"},"occurred_at":"2025-02-01T09:00:00+08:00","citizen":")" +
               citizen + R"("})";
  e.payload = R"({"n":7,"note":")" + note + R"("})";
  return e;
}

TEST_CASE("events are validated against their schemas before append", "[store][event_log]") {
  LogFixture f;
  NewEvent unknown = Recorded("u1", "c1", "x");
  unknown.type = "ticket.teleported";
  AppendResult r = f.log.Append(MakeAppend("s", ExpectedVersion::Any(), {Recorded("ok", "c1", "fine"), unknown}));
  CHECK(r.status.IsNotFound());
  CHECK_THAT(r.status.message(), Catch::Contains("events[1]: unknown event type 'ticket.teleported'"));

  NewEvent wrong_type = Recorded("w1", "c1", "x");
  wrong_type.payload = R"({"n":"seven","note":"x"})";
  r = f.log.Append(MakeAppend("s", ExpectedVersion::Any(), {wrong_type}));
  CHECK(r.status.IsInvalidArgument());
  CHECK_THAT(r.status.message(), Catch::Contains("events[0].payload") && Catch::Contains("/n"));

  NewEvent bad_json = Recorded("b1", "c1", "x");
  bad_json.payload = "{not json";
  r = f.log.Append(MakeAppend("s", ExpectedVersion::Any(), {bad_json}));
  CHECK_THAT(r.status.message(), Catch::Contains("events[0].payload: not valid JSON"));

  NewEvent bad_metadata = Recorded("m1", "c1", "x");
  bad_metadata.metadata = R"({"actor":{"user":"a","role":"emperor"}})";
  r = f.log.Append(MakeAppend("s", ExpectedVersion::Any(), {bad_metadata}));
  CHECK_THAT(r.status.message(), Catch::Contains("events[0].metadata"));

  NewEvent no_citizen = Recorded("n1", "c1", "私人信息");
  no_citizen.metadata = R"({"actor":{"user":"a","role":"agent"},"occurred_at":"2025-02-01T09:00:00+08:00"})";
  r = f.log.Append(MakeAppend("s", ExpectedVersion::Any(), {no_citizen}));
  CHECK_THAT(r.status.message(), Catch::Contains("metadata.citizen: required"));

  CHECK(f.store->HeadPosition() == 0);  // nothing of any refused append
}

TEST_CASE("personal fields are stored sealed and revealed only to the right role",
          "[store][event_log][privacy]") {
  LogFixture f;
  REQUIRE(f.log.Append(MakeAppend("s", ExpectedVersion::Any(),
                                  {Recorded("p1", "citizen-138", "张三 13812341234")}))
              .status.ok());
  auto raw = f.store->ReadAt(1);
  REQUIRE(raw.ok());
  CHECK(raw->payload.find("13812341234") == std::string::npos);
  CHECK(raw->payload.find("$pii") != std::string::npos);
  CHECK(raw->payload.find("\"n\":7") != std::string::npos);  // not personal: stays plain

  std::vector<RecordedEvent> plain, redacted;
  REQUIRE(f.log.ReadStream("s", 1, 10, PiiAccess::kPlaintext, &plain).ok());
  REQUIRE(f.log.ReadStream("s", 1, 10, PiiAccess::kRedacted, &redacted).ok());
  CHECK(boost::json::parse(plain[0].payload).at("note") == "张三 13812341234");
  CHECK(boost::json::parse(redacted[0].payload).at("note") == "[redacted]");
}

TEST_CASE("forgetting a citizen redacts their fields everywhere and keeps the chain",
          "[store][event_log][privacy]") {
  LogFixture f;
  for (int i = 0; i < 6; ++i) {
    std::string citizen = i % 2 == 0 ? "alice" : "bob";
    REQUIRE(f.log.Append(MakeAppend("s" + std::to_string(i % 3), ExpectedVersion::Any(),
                                    {Recorded("f" + std::to_string(i), citizen,
                                              citizen + " 的电话 " + std::to_string(i))}))
                .status.ok());
  }
  REQUIRE(f.keys->Forget("alice").value() == 1);

  std::size_t alice = 0, bob = 0, total = 0;
  REQUIRE(f.log.ReadAll(1, 100, PiiAccess::kPlaintext, [&](const RecordedEvent& e) {
    auto note = boost::json::parse(e.payload).at("note").as_string();
    ++total;
    if (note == "[redacted]") ++alice;
    if (note.subview().find("bob") == 0) ++bob;
    return true;
  }).ok());
  CHECK(total == 6);  // counts intact
  CHECK(alice == 3);
  CHECK(bob == 3);
  CHECK(f.store->Verify(nullptr).ok());  // the chain covers ciphertext

  // Live subscribers see the same.
  std::atomic<int> seen{0}, hidden{0};
  auto sub = f.log.Subscribe(1, PiiAccess::kPlaintext, [&](const RecordedEvent& e) {
    if (boost::json::parse(e.payload).at("note") == "[redacted]") ++hidden;
    ++seen;
    return true;
  });
  REQUIRE(sub.ok());
  for (int i = 0; i < 200 && seen.load() < 6; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  (*sub)->Stop();
  CHECK(seen.load() == 6);
  CHECK(hidden.load() == 3);

  // Alice comes back: new data readable under a new key, old stays redacted.
  REQUIRE(f.log.Append(MakeAppend("s9", ExpectedVersion::Any(), {Recorded("back", "alice", "alice again")}))
              .status.ok());
  std::vector<RecordedEvent> again;
  REQUIRE(f.log.ReadStream("s9", 1, 10, PiiAccess::kPlaintext, &again).ok());
  CHECK(boost::json::parse(again[0].payload).at("note") == "alice again");
}

TEST_CASE("events without an id get a fresh time-ordered UUIDv7", "[store][event_log]") {
  LogFixture f;
  NewEvent e = Recorded("", "c", "x");
  REQUIRE(f.log.Append(MakeAppend("s", ExpectedVersion::Any(), {e})).status.ok());
  std::string id = f.store->ReadAt(1)->event_id;
  CHECK(id.size() == 36);
  CHECK(id[14] == '7');  // version
  CHECK(std::string("89ab").find(id[19]) != std::string::npos);  // variant

  // The first 48 bits are the Unix time in milliseconds.
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  std::string hex = id.substr(0, 8) + id.substr(9, 4);
  auto id_ms = static_cast<std::int64_t>(std::stoull(hex, nullptr, 16));
  CHECK(id_ms <= now_ms);
  CHECK(id_ms > now_ms - 60'000);

  // Successive ids, from one thread or several, are unique and increase.
  std::string previous = NewEventId();
  for (int i = 0; i < 20000; ++i) {
    std::string next = NewEventId();
    REQUIRE(next > previous);
    previous = next;
  }
  std::vector<std::vector<std::string>> minted(4);
  std::vector<std::thread> threads;
  for (auto& ids : minted) {
    threads.emplace_back([&ids] {
      for (int i = 0; i < 5000; ++i) ids.push_back(NewEventId());
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& ids : minted) {
    for (std::size_t i = 1; i < ids.size(); ++i) REQUIRE(ids[i] > ids[i - 1]);
    all.insert(ids.begin(), ids.end());
  }
  CHECK(all.size() == 20000);
}

}  // namespace
}  // namespace rexian::testing
