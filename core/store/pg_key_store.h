// PgKeyStore: the KeyStore of rexian/privacy.h in PostgreSQL tables, shared by every node.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "rexian/pg_key_store.h"
#include "store/pg_connection_pool.h"

namespace rexian::pg {

// Tables (pg_schema.cc, migration 2):
//   rexian_keys            key id → citizen, created time, 32-byte key;
//                          unique citizen id: one live key per citizen
//   rexian_retired_keys    ids of destroyed keys, never handed out again
//   rexian_key_tombstones  citizen → first and last time forgotten, times
//
// A creation is one INSERT ... ON CONFLICT DO NOTHING followed by reading the
// citizen's key back: whichever node's insert committed first wins, and every
// racer reads that key. Concurrent creations of this process are batched into
// one INSERT (a leader among the callers runs it, as in LevelDB's write
// queue). Every call runs on a pooled connection in autocommit; nothing is
// cached. Thread-safe.
class PgKeyStore final : public KeyStore {
 public:
  explicit PgKeyStore(const PgKeyStoreOptions& options)
      : pool_(options.dsn, options.connections),
        read_only_(options.read_only),
        group_commit_(options.group_commit) {}
  ~PgKeyStore() override { pool_.Close(); }

  Result<DataKey> KeyFor(std::string_view citizen_id) override;
  Result<DataKey> Find(std::string_view key_id) override;
  Result<KeyInfo> Describe(std::string_view key_id) override;
  Result<std::size_t> Forget(std::string_view citizen_id) override;
  bool WasForgotten(std::string_view citizen_id) override;
  Result<std::int64_t> LastForgottenAt(std::string_view citizen_id) override;
  Status Backup(const std::string& dest_dir) override;
  KeyStoreStats Stats() const override;

 private:
  // One KeyFor waiting for its key to be created.
  struct Creation {
    std::string_view citizen_id;
    DataKey key;
    Status outcome;
    bool done = false;
  };

  // The citizen's key into *key, or *have = false.
  Status CurrentKey(Connection* conn, std::string_view citizen_id, DataKey* key, bool* have);
  // Queues `creation` and returns once a batch carried it (see class comment).
  void Enqueue(Creation* creation);
  // Creates keys for every creation of `batch` that has none, sets outcomes.
  void CreateKeys(const std::vector<Creation*>& batch);

  ConnectionPool pool_;
  const bool read_only_;
  const bool group_commit_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Creation*> queue_;  // guarded by mu_; the front is the leader
  KeyStoreStats stats_;          // guarded by mu_
};

}  // namespace rexian::pg
