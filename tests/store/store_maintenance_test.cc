// Format versions, map growth, verify, import and hot backup.
#include <lmdb.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "store/record_codec.h"
#include "store/store_fixture.h"

namespace rexian::testing {
namespace {

// Opens the raw LMDB environment of a closed store and runs `edit` in a write
// transaction on the named database: how the tests play the attacker.
void EditRaw(const std::string& dir, const char* db, unsigned db_flags,
             const std::function<void(MDB_txn*, MDB_dbi)>& edit) {
  MDB_env* env = nullptr;
  REQUIRE(mdb_env_create(&env) == 0);
  mdb_env_set_maxdbs(env, 8);
  mdb_env_set_mapsize(env, 1u << 30);
  REQUIRE(mdb_env_open(env, dir.c_str(), 0, 0640) == 0);
  MDB_txn* txn = nullptr;
  REQUIRE(mdb_txn_begin(env, nullptr, 0, &txn) == 0);
  MDB_dbi dbi;
  REQUIRE(mdb_dbi_open(txn, db, db_flags, &dbi) == 0);
  edit(txn, dbi);
  REQUIRE(mdb_txn_commit(txn) == 0);
  mdb_env_close(env);
}

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
          "[store]") {
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

TEST_CASE("the map grows by itself: no append ever sees a full map", "[store]") {
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

TEST_CASE("verify reports the first bad position", "[store]") {
  TempDir dir;
  { Fill(OpenStore(dir.path()).get(), 20); }
  REQUIRE(OpenStore(dir.path())->Verify(nullptr).ok());

  SECTION("a payload altered in place breaks the chain at that record") {
    EditRaw(dir.path(), "log", MDB_INTEGERKEY, [](MDB_txn* txn, MDB_dbi dbi) {
      std::size_t position = 7;
      MDB_val key{sizeof(position), &position}, value;
      REQUIRE(mdb_get(txn, dbi, &key, &value) == 0);
      std::string bytes(static_cast<const char*>(value.mv_data), value.mv_size);
      bytes[bytes.size() - 3] ^= 0x01;  // inside the payload
      MDB_val changed{bytes.size(), bytes.data()};
      REQUIRE(mdb_put(txn, dbi, &key, &changed, 0) == 0);
    });
    Status s = OpenStore(dir.path())->Verify(nullptr);
    CHECK(s.IsCorruption());
    CHECK_THAT(s.message(), Catch::Contains("first bad position 7") && Catch::Contains("hash"));
  }
  SECTION("a deleted record is a gap") {
    EditRaw(dir.path(), "log", MDB_INTEGERKEY, [](MDB_txn* txn, MDB_dbi dbi) {
      std::size_t position = 12;
      MDB_val key{sizeof(position), &position};
      REQUIRE(mdb_del(txn, dbi, &key, nullptr) == 0);
    });
    Status s = OpenStore(dir.path())->Verify(nullptr);
    CHECK_THAT(s.message(), Catch::Contains("first bad position 12: missing"));
  }
  SECTION("a dropped index entry is found") {
    EditRaw(dir.path(), "event_ids", 0, [](MDB_txn* txn, MDB_dbi dbi) {
      MDB_val key{2, const_cast<char*>("e4")};
      REQUIRE(mdb_del(txn, dbi, &key, nullptr) == 0);
    });
    Status s = OpenStore(dir.path())->Verify(nullptr);
    CHECK_THAT(s.message(), Catch::Contains("first bad position 5: event id index"));
  }
}

TEST_CASE("import continues a log verbatim and refuses a broken chain", "[store]") {
  TempDir source_dir, target_dir, bad_dir;
  auto source = OpenStore(source_dir.path());
  Fill(source.get(), 50);
  std::vector<RecordedEvent> records;
  REQUIRE(source->ReadAll(1, 1000, &records).ok());

  auto target = OpenStore(target_dir.path());
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

  auto bad = OpenStore(bad_dir.path());
  std::vector<RecordedEvent> tampered(records.begin(), records.begin() + 5);
  tampered[3].payload = R"({"n":999})";
  Status s = bad->Import(tampered);
  CHECK(s.IsCorruption());
  CHECK_THAT(s.message(), Catch::Contains("position 4"));
  CHECK(bad->HeadPosition() == 0);
  std::vector<RecordedEvent> skipped(records.begin() + 1, records.begin() + 3);
  CHECK(bad->Import(skipped).IsInvalidArgument());
}

TEST_CASE("a hot backup is consistent while appends go on", "[store]") {
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

TEST_CASE("a read-only store reads and refuses appends", "[store]") {
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

}  // namespace
}  // namespace rexian::testing
