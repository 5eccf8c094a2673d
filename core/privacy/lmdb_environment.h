// LmdbEnvironment: the one MDB_env a process holds for a key-store directory, and its transactions.
#pragma once

#include <lmdb.h>
#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "rexian/status.h"

namespace rexian::privacy {

class GroupCommitQueue;

// A transaction handed to a body run by LmdbEnvironment::Read or Write. Not thread-safe; valid only
// inside the body.
class LmdbTxn {
 public:
  explicit LmdbTxn(MDB_txn* txn) : txn_(txn) {}

  MDB_txn* get() const { return txn_; }

  // OK if rc is 0; otherwise the Status for an LMDB return code, naming `what`. Remembers a full
  // map so that the environment can grow it and run the body again, and that LMDB failed (after
  // which the transaction must not be committed).
  Status Check(int rc, std::string_view what);

  bool map_full() const { return map_full_; }

  // Whether Check has seen a non-zero LMDB return code in this transaction.
  bool lmdb_failed() const { return lmdb_failed_; }

 private:
  MDB_txn* txn_;
  bool map_full_ = false;
  bool lmdb_failed_ = false;
};

// The Status for an LMDB return code (MDB_NOTFOUND → NotFound, MDB_MAP_FULL → NoSpace, ...).
Status LmdbStatus(int rc, std::string_view what);

// The named databases of a key store; see lmdb_key_store.cc for their contents.
struct KeyStoreDatabases {
  MDB_dbi meta = 0;
  MDB_dbi keys = 0;
  MDB_dbi citizen_keys = 0;
  MDB_dbi tombstones = 0;
  MDB_dbi retired_keys = 0;
};

// One LMDB environment, shared by every KeyStore of the process opened on the same directory (LMDB
// forbids opening an environment twice in one process: closing one would drop the other's locks).
// Every transaction runs under a shared lock; changing the map size takes it exclusively, because
// LMDB requires that no transaction of the process is active then.
class LmdbEnvironment {
 public:
  struct Options {
    bool read_only = false;
    std::size_t initial_map_size = 0;
  };

  // The process's environment for `dir`, opened (and its databases created when writable) on first
  // use. InvalidArgument if it is already open read-only and `options` asks for writes.
  static Result<std::shared_ptr<LmdbEnvironment>> Acquire(const std::string& dir,
                                                          const Options& options);

  LmdbEnvironment(const LmdbEnvironment&) = delete;
  LmdbEnvironment& operator=(const LmdbEnvironment&) = delete;
  ~LmdbEnvironment();

  const KeyStoreDatabases& dbs() const { return dbs_; }
  bool read_only() const { return read_only_; }
  const std::string& dir() const { return dir_; }

  // Runs `body` in a read-only transaction. The body may run more than once (after another process
  // grew the map), so it must only read and assign its outputs.
  Status Read(const std::function<Status(LmdbTxn&)>& body);

  // Runs `body` in a write transaction and commits it (durably) if the body returns OK; aborts it
  // otherwise. Runs the body again after growing a full map or adopting a map grown elsewhere.
  Status Write(const std::function<Status(LmdbTxn&)>& body);

  // mdb_env_copy2 with compaction into `dest_dir` (existing and empty), adopting a grown map.
  Status CopyCompacted(const std::string& dest_dir);

  // The queue that lets concurrent writers of this environment share one transaction. Only for a
  // writable environment.
  GroupCommitQueue& group_commit() { return *group_commit_; }

 private:
  LmdbEnvironment(MDB_env* env, std::string dir, bool read_only)
      : env_(env), dir_(std::move(dir)), read_only_(read_only) {}
  static Result<std::shared_ptr<LmdbEnvironment>> OpenNew(const std::string& dir,
                                                          const Options& options);
  Status OpenDatabases();
  Status Run(bool write, const std::function<Status(LmdbTxn&)>& body);
  // Adopts a map size grown by another process (grow_from == 0) or doubles the map if it is still
  // `grow_from` bytes. Takes the resize lock exclusively.
  Status ResizeMap(std::size_t grow_from);
  std::size_t MapSize();

  MDB_env* env_;
  std::string dir_;
  bool read_only_;
  pid_t owner_pid_ = 0;
  KeyStoreDatabases dbs_;
  std::shared_mutex resize_mutex_;
  std::unique_ptr<GroupCommitQueue> group_commit_;
  // In MappedRegions while open: the budget may drop the map's pages.
  std::shared_ptr<void> mapped_registration_;
};

}  // namespace rexian::privacy
