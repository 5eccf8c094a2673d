// GroupCommitQueue: concurrent writers of one key-store environment share one durable transaction.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

#include "privacy/lmdb_environment.h"
#include "rexian/privacy.h"
#include "rexian/status.h"

namespace rexian::privacy {

// Group commit in the manner of LevelDB's DBImpl::Write: a writer queues its body; the writer at
// the front of the queue becomes the leader, runs the bodies of everyone queued (itself first, up
// to kMaxBodiesPerCommit) in one LmdbEnvironment::Write transaction, commits it (synced), and hands
// each waiter its outcome. Whoever queued while that commit ran is carried by the next one. No
// thread of its own: the leader is always one of the callers.
//
// A body must leave the transaction as it found it when it fails for a reason of its own
// (validation, randomness, a record that does not decode), so that the other bodies can still
// commit; a failed LMDB call (LmdbTxn::lmdb_failed) instead fails the whole transaction, and every
// body in it gets that error. A body may run more than once (after map growth), so it must assign,
// not accumulate, its outputs.
//
// Thread-safe. Owned by the LmdbEnvironment it writes to.
class GroupCommitQueue {
 public:
  static constexpr std::size_t kMaxBodiesPerCommit = 1024;

  using Body = std::function<Status(LmdbTxn&)>;

  explicit GroupCommitQueue(LmdbEnvironment* env) : env_(env) {}
  GroupCommitQueue(const GroupCommitQueue&) = delete;
  GroupCommitQueue& operator=(const GroupCommitQueue&) = delete;

  // Runs `body` in a write transaction shared with other callers' bodies and returns once that
  // transaction is durable (or failed): the body's own error if it failed alone, the transaction's
  // if the transaction failed, otherwise OK. Blocks the calling thread meanwhile.
  Status Write(const Body& body);

  // Runs `body` in a durable write transaction of its own (no queue), counted like a batch of one.
  Status WriteAlone(const Body& body);

  // The counters of the bodies committed so far (creation_* fields of KeyStoreStats).
  KeyStoreStats Stats() const;

  // How many Write calls are in the queue now, the leader's batch included (a gauge).
  std::size_t Waiting() const;

 private:
  struct Waiter {
    const Body* body = nullptr;
    Status outcome;
    bool done = false;
    std::condition_variable wake;
  };

  // Runs `batch` as the leader (without holding mutex_) and sets each waiter's outcome.
  void Commit(Waiter* const* batch, std::size_t size);
  void Count(std::size_t bodies, const Status& commit);

  LmdbEnvironment* env_;
  mutable std::mutex mutex_;
  std::deque<Waiter*> queue_;  // guarded by mutex_; the front is the leader
  KeyStoreStats stats_;        // guarded by mutex_
};

}  // namespace rexian::privacy
