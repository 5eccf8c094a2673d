// PgEventStore: the EventStore backend on PostgreSQL, shared by several processes.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "rexian/event_store.h"
#include "store/head_watch.h"
#include "store/pg_connection.h"
#include "store/pg_connection_pool.h"
#include "store/pg_head_listener.h"
#include "store/polling_subscription.h"

namespace rexian {

// Tables: see pg_schema.h.
//
// Writes: one writer thread per process drains a queue of append requests
// and commits each batch in one transaction: lock the head row, look up the
// batch's streams and event ids, decide every request in order (exactly the
// LMDB backend's rules), COPY the new rows in, move the head, NOTIFY, COMMIT.
// Callers are answered after COMMIT returned. Writers of other processes
// wait on the head row, so positions are gap-free and commit-ordered across
// the whole cluster.
//
// Reads run on pooled connections, from any thread. Subscriptions poll the
// log by position (PollingSubscription), woken by this process's commits and
// by a LISTEN connection for other processes' commits.
class PgEventStore final : public EventStore {
 public:
  static Result<std::unique_ptr<EventStore>> Open(const PgStoreOptions& options);
  ~PgEventStore() override;

  void AppendAsync(AppendRequest request, AppendCallback done) override;
  Status ReadStream(std::string_view stream_id, std::uint64_t from_version, std::size_t max_count,
                    std::vector<RecordedEvent>* out) override;
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
  // The head row as a writer's transaction found it, advanced inside a batch.
  struct Tail {
    std::uint64_t head = 0;
    std::string hash;
    std::int64_t recorded_at_us = 0;
  };

  explicit PgEventStore(const PgStoreOptions& options);

  void WriterLoop();
  void CommitBatch(std::vector<Pending>* batch);
  // Runs the batch's transaction on the writer connection. On OK, `results`
  // hold each request's outcome and `*head` the new head; otherwise the
  // transaction was rolled back or its outcome is unknown.
  Status RunBatch(const std::vector<Pending>& batch, std::vector<AppendResult>* results,
                  std::uint64_t* head);
  // Locks the head row (the cluster-wide writer lock) and reads it.
  Status LockTail(pg::Connection* conn, Tail* tail);
  // COPYs `records` in, moves the head row to `tail`, notifies. Inside the
  // writer's transaction.
  Status WriteRecords(pg::Connection* conn, const std::vector<RecordedEvent>& records,
                      const Tail& tail);
  // After COMMIT of `records` failed with `commit_error`: reconnects (for up
  // to kResolveCommitFor) and looks the batch's event ids up. OK if the batch
  // committed at exactly the positions assigned; Unavailable (retryable)
  // if it did not, or if the outcome could not be looked up in time.
  Status ResolveCommit(pg::Connection* conn, const std::vector<RecordedEvent>& records,
                       const Status& commit_error);
  static constexpr std::chrono::seconds kResolveCommitFor{5};
  void RecordOutcome(const Pending& p, const AppendResult& r);
  // Raises the cached head (never lowers it) and wakes subscribers.
  void AdvanceHead(std::uint64_t head);

  PgStoreOptions options_;
  pg::ConnectionPool readers_;
  std::unique_ptr<pg::Connection> writer_conn_;  // writer thread and Import
  std::mutex write_mu_;                          // guards writer_conn_
  std::atomic<std::uint64_t> head_{0};
  std::atomic<std::int64_t> head_checked_us_{0};  // when head_ was last read from the table

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::vector<Pending> queue_;
  bool closing_ = false;
  std::thread writer_;

  HeadWatch watch_;
  SubscriptionSet subscriptions_;
  pg::HeadListener listener_;

  std::mutex stats_mu_;
  StoreStats stats_;
};

}  // namespace rexian
