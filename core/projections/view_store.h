// ViewStore: one LMDB environment holding a projection's state and its checkpoint.
#pragma once

#include <lmdb.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "rexian/status.h"

namespace rexian {

// A projection's private LMDB environment: named databases plus a "meta"
// database holding the checkpoint. Views are rebuildable from the log, so
// commits are not fsynced (MDB_NOSYNC): a power loss may roll a view back to
// an earlier checkpoint, never split state from checkpoint. Thread-safe;
// one writer at a time (LMDB's own lock).
class ViewStore {
 public:
  // Opens (creating) `dir` with the named databases. Read-only opens fail
  // with NotFound when the view was never built.
  static Result<std::unique_ptr<ViewStore>> Open(const std::string& dir,
                                                 const std::vector<std::string>& databases,
                                                 bool read_only = false);
  ~ViewStore();
  ViewStore(const ViewStore&) = delete;
  ViewStore& operator=(const ViewStore&) = delete;

  // REQUIRES: `name` was passed to Open.
  MDB_dbi db(const std::string& name) const { return dbs_.at(name); }

  // Runs `body` in a read transaction.
  Status Read(const std::function<Status(MDB_txn*)>& body);
  // Runs `body` in a write transaction, committed if it returns OK. When the
  // map fills up the transaction is aborted, the map doubled and `body` run
  // again, so `body` must be repeatable.
  Status Write(const std::function<Status(MDB_txn*)>& body);

  // The checkpoint as stored (0 when none), and its update inside a write.
  std::uint64_t ReadCheckpoint();
  static Status PutCheckpoint(MDB_txn* txn, MDB_dbi meta, std::uint64_t position);
  MDB_dbi meta() const { return meta_; }

  // Empties every database, checkpoint included (for rebuild).
  Status Clear();

 private:
  ViewStore() = default;
  Status Grow();

  MDB_env* env_ = nullptr;
  std::map<std::string, MDB_dbi> dbs_;
  MDB_dbi meta_ = 0;
  std::shared_mutex resize_mu_;
  // In MappedRegions while open: the memory budget may drop the map's pages.
  std::shared_ptr<void> mapped_registration_;
};

}  // namespace rexian
