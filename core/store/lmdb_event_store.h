// LmdbEventStore: the embedded EventStore backend on one LMDB environment.
#pragma once

#include <lmdb.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

#include "rexian/event_store.h"
#include "store/head_watch.h"
#include "store/lmdb_util.h"
#include "store/polling_subscription.h"

namespace rexian {

// On-disk layout (format 2), named databases of one LMDB environment:
//   meta      "format" -> "2"
//   log       position (native u64, MDB_INTEGERKEY) -> record (record_codec.h)
//   streams   stream_id '\0' big-endian version -> position (stream_index.h);
//             a stream's current version is the last key of its range
//   event_ids event_id -> position
// Format 1 also kept a `heads` database (stream_id -> version): one more
// random page per append, for a fact `streams` already holds.
//
// Writes: one writer thread drains a queue of append requests and commits
// each batch in one LMDB transaction (group commit); callers are answered
// after the commit returned. Reads run in their own read transactions, from
// any thread, concurrently with the writer.
class LmdbEventStore final : public EventStore {
 public:
  static Result<std::unique_ptr<EventStore>> Open(const LmdbStoreOptions& options);
  ~LmdbEventStore() override;

  void AppendAsync(AppendRequest request, AppendCallback done) override;
  Status ReadStream(std::string_view stream_id, std::uint64_t from_version,
                    std::size_t max_count, std::vector<RecordedEvent>* out) override;
  Status ReadAll(std::uint64_t from_position, std::size_t max_count,
                 const RecordVisitor& visitor) override;
  using EventStore::ReadAll;
  Result<std::unique_ptr<Subscription>> Subscribe(std::uint64_t from_position,
                                                  RecordVisitor handler) override;
  std::uint64_t HeadPosition() override;
  Result<std::uint64_t> StreamVersion(std::string_view stream_id) override;
  Result<RecordedEvent> ReadAt(std::uint64_t position) override;
  Result<std::uint64_t> PositionOf(std::string_view event_id) override;
  Status Import(const std::vector<RecordedEvent>& records) override;
  StoreStats Stats() override;
  Status Verify(const std::function<void(std::uint64_t, std::uint64_t)>& progress) override;
  Status Backup(const std::string& dest_dir) override;
  void Close() override;

 private:
  struct Pending {
    AppendRequest request;
    AppendCallback done;
    std::chrono::steady_clock::time_point enqueued;
  };
  // The writer's view of the log tail, advanced inside a batch and adopted
  // only once the batch has committed.
  struct Tail {
    std::uint64_t head = 0;
    std::string hash;
    std::int64_t recorded_at_us = 0;
  };
  class ReadTxn;

  explicit LmdbEventStore(const LmdbStoreOptions& options);
  // Opens the environment and its databases; publishes env_ when complete.
  Status OpenEnvironment();
  Status OpenDatabases(MDB_env* env);
  Status CheckFormat(MDB_txn* txn, bool log_empty);
  Status LoadTail();

  void WriterLoop();
  void CommitBatch(std::vector<Pending>* batch);
  // Decides one request inside the batch's transaction and, if it is valid,
  // writes it. Returns an LMDB error that must fail the whole batch, or 0.
  int ApplyAppend(MDB_txn* txn, const AppendRequest& request, Tail* tail,
                  AppendResult* result);
  // Assigns position, time and hash from `tail`, stores the record in log and
  // streams, advances `tail`. REQUIRES: its event id already claimed.
  int WriteRecord(MDB_txn* txn, RecordedEvent* record, Tail* tail);
  // Stores a complete record in log, streams and event_ids.
  int PutRecord(MDB_txn* txn, const RecordedEvent& record);
  int PutLogAndStream(MDB_txn* txn, const RecordedEvent& record);
  // Inserts event_id -> position unless the id is stored: MDB_KEYEXIST then.
  int PutEventId(MDB_txn* txn, std::string_view event_id, std::uint64_t position);
  // Inserts the request's event ids at first_position, first_position+1, ...
  // If one is already stored, removes those this call inserted and sets
  // `*taken`. Returns an LMDB error that must fail the whole batch, or 0.
  int ClaimEventIds(MDB_txn* txn, const AppendRequest& request,
                    std::uint64_t first_position, bool* taken);
  // The slow path of idempotency: looks every id of the request up.
  Status CheckIdempotency(MDB_txn* txn, const AppendRequest& request, bool* all_present,
                          AppendResult* result);
  // Doubles the map (needs no transaction of this process open).
  Status GrowMap();
  // Closes and reopens the environment after LMDB declared it unusable
  // (MDB_PANIC, e.g. a failed meta-page write). Takes env_mu_ exclusively.
  Status ReopenEnvironment();
  void RecordOutcome(const Pending& p, const AppendResult& r);

  LmdbStoreOptions options_;
  MDB_env* env_ = nullptr;
  MDB_dbi meta_ = 0, log_ = 0, streams_ = 0, event_ids_ = 0;
  // Shared by every transaction of this process; exclusive to resize the map.
  std::shared_mutex env_mu_;
  // In MappedRegions while open: the budget may drop the map's pages.
  std::shared_ptr<void> mapped_registration_;
  // Serialises writers: the batch writer and Import.
  std::mutex write_mu_;
  Tail tail_;  // guarded by write_mu_
  std::atomic<std::uint64_t> head_{0};

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::vector<Pending> queue_;
  bool closing_ = false;
  std::thread writer_;

  HeadWatch watch_;
  SubscriptionSet subscriptions_;

  std::mutex stats_mu_;
  StoreStats stats_;
};

// A read transaction of this process, holding env_mu_ shared so the map is
// not resized under it. Adopts a map grown by another process.
class LmdbEventStore::ReadTxn {
 public:
  explicit ReadTxn(LmdbEventStore* store) : store_(store) {}

  // Begins the transaction; Unavailable once the store is closed.
  Status Begin() {
    for (int attempt = 0; attempt < 4; ++attempt) {
      lock_ = std::shared_lock<std::shared_mutex>(store_->env_mu_);
      if (store_->env_ == nullptr) return Status::Unavailable("the event store is closed");
      int rc = txn_.Begin(store_->env_, MDB_RDONLY);
      if (rc == MDB_SUCCESS) return Status::OK();
      lock_.unlock();
      if (rc != MDB_MAP_RESIZED) return lmdb::ToStatus(rc, "begin read transaction");
      std::unique_lock<std::shared_mutex> exclusive(store_->env_mu_);
      if (store_->env_ != nullptr) mdb_env_set_mapsize(store_->env_, 0);
    }
    return Status::IoError("begin read transaction: the map kept being resized");
  }
  MDB_txn* get() const { return txn_.get(); }

 private:
  LmdbEventStore* store_;
  std::shared_lock<std::shared_mutex> lock_;  // declared first: released last
  lmdb::Txn txn_;
};

}  // namespace rexian
