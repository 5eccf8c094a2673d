// Verify and import for every backend; LMDB's format versions, map growth and hot backup.
#include <lmdb.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "store/record_codec.h"
#include "store/store_fixture.h"

namespace rexian::testing {
namespace {

void SetFormat(const std::string& dir, const std::string& format) {
  EditRaw(dir, "meta", 0, [&](MDB_txn* txn, MDB_dbi dbi) {
    MDB_val key{6, const_cast<char*>("format")};
    MDB_val value{format.size(), const_cast<char*>(format.data())};
    REQUIRE(mdb_put(txn, dbi, &key, &value, 0) == 0);
  });
}

void Fill(EventStore* store, int n, const std::string& prefix = "e") {
  for (int i = 0; i < n; ++i) {
    std::string id = prefix + std::to_string(i);
    REQUIRE(store->Append(MakeAppend("s" + std::to_string(i % 5), ExpectedVersion::Any(),
                                     {MakeEvent(id, i)}))
                .status.ok());
  }
}

TEST_CASE("a store of a newer, older or unknown format is refused with a clear message",
          "[store][lmdb]") {
  TempDir dir;
  { Fill(OpenStore(dir.path()).get(), 3); }
  LmdbStoreOptions options;
  options.path = dir.path();

  SetFormat(dir.path(), "3");
  auto newer = OpenLmdbEventStore(options);
  REQUIRE_FALSE(newer.ok());
  CHECK(newer.status().IsUnsupported());
  CHECK_THAT(newer.status().message(), Catch::Contains("has format 3, newer than this build") &&
                                           Catch::Contains("upgrade rexian"));

  // Format 1 kept a `heads` database; there is no in-place migration.
  SetFormat(dir.path(), "1");
  auto older = OpenLmdbEventStore(options);
  REQUIRE_FALSE(older.ok());
  CHECK(older.status().IsUnsupported());
  CHECK_THAT(older.status().message(),
             Catch::Contains("has format 1 from an older build") &&
                 Catch::Contains("export it with that build and import"));

  SetFormat(dir.path(), "banana");
  auto unknown = OpenLmdbEventStore(options);
  REQUIRE_FALSE(unknown.ok());
  CHECK_THAT(unknown.status().message(), Catch::Contains("unknown format 'banana'"));

  SetFormat(dir.path(), "2");
  CHECK(OpenLmdbEventStore(options).ok());
}

TEST_CASE("the map grows by itself: no append ever sees a full map", "[store][lmdb]") {
  TempDir dir;
  LmdbStoreOptions options;
  options.initial_map_bytes = 64 * 1024;  // a few pages
  auto store = OpenStore(dir.path(), options);
  std::string big(2000, 'x');
  for (int i = 0; i < 3000; ++i) {
    NewEvent e = MakeEvent("g" + std::to_string(i));
    e.payload = R"({"blob":")" + big + R"("})";
    AppendResult r = store->Append(MakeAppend("grow", ExpectedVersion::Any(), {e}));
    INFO(r.status.ToString());
    REQUIRE(r.status.ok());
  }
  CHECK(store->Stats().size_bytes > 6'000'000);
  CHECK(store->Verify(nullptr).ok());
}

TEMPLATE_TEST_CASE("verify reports the first bad position", "[store]", LmdbBackend, PgBackend) {
  TestType backend;
  if (!backend.available()) return;
  { Fill(backend.Open().get(), 20); }
  REQUIRE(backend.Open()->Verify(nullptr).ok());

  SECTION("a payload altered in place breaks the chain at that record") {
    backend.AlterPayload(7);
    Status s = backend.Open()->Verify(nullptr);
    CHECK(s.IsCorruption());
    CHECK_THAT(s.message(), Catch::Contains("first bad position 7") && Catch::Contains("hash"));
  }
  SECTION("a deleted record is a gap") {
    backend.DeleteRecord(12);
    Status s = backend.Open()->Verify(nullptr);
    CHECK_THAT(s.message(), Catch::Contains("first bad position 12: missing"));
  }
}

TEST_CASE("verify finds a dropped index entry", "[store][lmdb]") {
  LmdbBackend backend;
  { Fill(backend.Open().get(), 20); }
  EditRaw(backend.dir(), "event_ids", 0, [](MDB_txn* txn, MDB_dbi dbi) {
    MDB_val key{2, const_cast<char*>("e4")};
    REQUIRE(mdb_del(txn, dbi, &key, nullptr) == 0);
  });
  Status s = backend.Open()->Verify(nullptr);
  CHECK_THAT(s.message(), Catch::Contains("first bad position 5: event id index"));
}

TEMPLATE_TEST_CASE("import continues a log verbatim and refuses a broken chain", "[store]",
                   LmdbBackend, PgBackend) {
  TestType source_backend, target_backend, bad_backend;
  if (!source_backend.available()) return;
  // The source is LMDB whatever the target: the chain does not depend on the backend.
  LmdbBackend lmdb_source;
  auto source = lmdb_source.Open();
  Fill(source.get(), 50);
  std::vector<RecordedEvent> records;
  REQUIRE(source->ReadAll(1, 1000, &records).ok());

  auto target = target_backend.Open();
  REQUIRE(target->Import({records.begin(), records.begin() + 20}).ok());
  REQUIRE(target->Import({records.begin() + 20, records.end()}).ok());
  std::vector<RecordedEvent> copied;
  REQUIRE(target->ReadAll(1, 1000, &copied).ok());
  REQUIRE(copied.size() == records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    CHECK(copied[i].hash == records[i].hash);
    CHECK(copied[i].recorded_at_us == records[i].recorded_at_us);
    CHECK(copied[i].payload == records[i].payload);
  }
  CHECK(target->Verify(nullptr).ok());
  // Appends continue the imported chain.
  REQUIRE(target->Append(MakeAppend("s0", ExpectedVersion::Exact(10), {MakeEvent("after")})).status.ok());
  CHECK(target->Verify(nullptr).ok());

  auto bad = bad_backend.Open();
  std::vector<RecordedEvent> tampered(records.begin(), records.begin() + 5);
  tampered[3].payload = R"({"n":999})";
  Status s = bad->Import(tampered);
  CHECK(s.IsCorruption());
  CHECK_THAT(s.message(), Catch::Contains("position 4"));
  CHECK(bad->HeadPosition() == 0);
  std::vector<RecordedEvent> skipped(records.begin() + 1, records.begin() + 3);
  CHECK(bad->Import(skipped).IsInvalidArgument());
}

TEST_CASE("a hot backup is consistent while appends go on", "[store][lmdb]") {
  TempDir dir, backup_dir;
  auto store = OpenStore(dir.path());
  Fill(store.get(), 200, "pre");
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop.load() && i < 100000; ++i) {
      store->Append(MakeAppend("hot", ExpectedVersion::Any(), {MakeEvent("h" + std::to_string(i))}));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  std::string dest = backup_dir.sub("copy");
  Status s = store->Backup(dest);
  stop = true;
  writer.join();
  REQUIRE(s.ok());
  CHECK(store->Backup(dest).IsInvalidArgument());  // not empty any more

  LmdbStoreOptions options;
  options.read_only = true;
  auto copy = OpenStore(dest, options);
  CHECK(copy->HeadPosition() >= 200);
  CHECK(copy->HeadPosition() <= store->HeadPosition());
  CHECK(copy->Verify(nullptr).ok());
}

TEST_CASE("a read-only store reads and refuses appends", "[store][lmdb]") {
  TempDir dir;
  { Fill(OpenStore(dir.path()).get(), 3); }
  LmdbStoreOptions options;
  options.read_only = true;
  auto store = OpenStore(dir.path(), options);
  CHECK(store->HeadPosition() == 3);
  CHECK(store->Append(MakeAppend("s", ExpectedVersion::Any(), {MakeEvent("x")})).status.IsPermissionDenied());
  LmdbStoreOptions missing;
  missing.path = dir.sub("nope");
  missing.read_only = true;
  CHECK(OpenLmdbEventStore(missing).status().IsNotFound());
}

TEST_CASE("the PostgreSQL backend points backups to PostgreSQL's own tools", "[store][postgres]") {
  PgBackend backend;
  if (!backend.available()) return;
  TempDir dest;
  Status s = backend.Open()->Backup(dest.sub("copy"));
  CHECK(s.IsUnsupported());
  CHECK_THAT(s.message(), Catch::Contains("pg_basebackup") && Catch::Contains("pg_dump"));
}

}  // namespace
}  // namespace rexian::testing
