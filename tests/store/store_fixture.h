// Helpers shared by the event-store tests: the backends under test, building events.
#pragma once

#include <lmdb.h>

#include <catch2/catch.hpp>
#include <functional>
#include <memory>
#include <string>

#include "rexian/event_store.h"
#include "support/pg_test_database.h"
#include "support/temp_dir.h"

namespace rexian::testing {

// Opens an LMDB store in `dir`, failing the test if it cannot.
inline std::unique_ptr<EventStore> OpenStore(const std::string& dir,
                                             LmdbStoreOptions options = {}) {
  options.path = dir;
  auto store = OpenLmdbEventStore(options);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(store).value();
}

// Opens the raw LMDB environment of a closed store and runs `edit` in a write
// transaction on the named database: how the tests play the attacker.
inline void EditRaw(const std::string& dir, const char* db, unsigned db_flags,
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

// The backends the conformance suite runs against (TEMPLATE_TEST_CASE types).
// Each owns one empty log; Open() may be called again to reopen it. A test
// starts with `TestType backend; if (!backend.available()) return;`.

// The embedded LMDB backend in a temporary directory.
class LmdbBackend {
 public:
  bool available() const { return true; }
  Result<std::unique_ptr<EventStore>> TryOpen() const {
    LmdbStoreOptions options;
    options.path = dir_.path();
    return OpenLmdbEventStore(options);
  }
  std::unique_ptr<EventStore> Open() const { return OpenStore(dir_.path()); }
  // Tampering for the verify tests. REQUIRES: no store open on the log.
  void AlterPayload(std::uint64_t position) const {
    EditRaw(dir_.path(), "log", MDB_INTEGERKEY, [&](MDB_txn* txn, MDB_dbi dbi) {
      std::size_t key_value = position;
      MDB_val key{sizeof(key_value), &key_value}, value;
      REQUIRE(mdb_get(txn, dbi, &key, &value) == 0);
      std::string bytes(static_cast<const char*>(value.mv_data), value.mv_size);
      bytes[bytes.size() - 3] ^= 0x01;  // inside the payload
      MDB_val changed{bytes.size(), bytes.data()};
      REQUIRE(mdb_put(txn, dbi, &key, &changed, 0) == 0);
    });
  }
  void DeleteRecord(std::uint64_t position) const {
    EditRaw(dir_.path(), "log", MDB_INTEGERKEY, [&](MDB_txn* txn, MDB_dbi dbi) {
      std::size_t key_value = position;
      MDB_val key{sizeof(key_value), &key_value};
      REQUIRE(mdb_del(txn, dbi, &key, nullptr) == 0);
    });
  }
  const std::string& dir() const { return dir_.path(); }

 private:
  TempDir dir_;
};

// The PostgreSQL backend in a fresh database of the test server.
class PgBackend {
 public:
  bool available() const { return db_.available(); }
  Result<std::unique_ptr<EventStore>> TryOpen() const {
    PgStoreOptions options;
    options.dsn = db_.dsn();
    return OpenPgEventStore(options);
  }
  std::unique_ptr<EventStore> Open() const {
    auto store = TryOpen();
    INFO(store.status().ToString());
    REQUIRE(store.ok());
    return std::move(store).value();
  }
  void AlterPayload(std::uint64_t position) const {
    db_.Execute("UPDATE rexian_events SET payload = payload || ' ' WHERE position = " +
                std::to_string(position));
  }
  void DeleteRecord(std::uint64_t position) const {
    db_.Execute("DELETE FROM rexian_events WHERE position = " + std::to_string(position));
  }
  const PgTestDatabase& database() const { return db_; }

 private:
  PgTestDatabase db_;
};

// A small test.recorded event with a unique id.
inline NewEvent MakeEvent(const std::string& id, int n = 0) {
  NewEvent e;
  e.event_id = id;
  e.type = "test.recorded";
  e.metadata =
      R"({"actor":{"user":"test","role":"system"},"occurred_at":"2025-01-01T08:00:00+08:00"})";
  e.payload = R"({"n":)" + std::to_string(n) + R"(,"note":"事件 )" + id + R"("})";
  return e;
}

inline AppendRequest MakeAppend(const std::string& stream, ExpectedVersion expected,
                                std::vector<NewEvent> events) {
  return AppendRequest{stream, expected, std::move(events)};
}

}  // namespace rexian::testing
