// GroupCommitQueue: leader-based batching of key-store writes into one synced LMDB transaction.
#include "privacy/group_commit_queue.h"

#include <algorithm>
#include <vector>

namespace rexian::privacy {

Status GroupCommitQueue::Write(const Body& body) {
  Waiter self;
  self.body = &body;
  std::unique_lock<std::mutex> lock(mutex_);
  queue_.push_back(&self);
  while (!self.done && queue_.front() != &self) self.wake.wait(lock);
  if (self.done) return self.outcome;  // a leader committed this body

  // Leader: take everyone queued so far. Later arrivals wait for the next commit, whose leader is
  // woken below once this one is durable.
  std::vector<Waiter*> batch(
      queue_.begin(),
      queue_.begin() + static_cast<std::ptrdiff_t>(std::min(queue_.size(), kMaxBodiesPerCommit)));
  lock.unlock();
  Commit(batch.data(), batch.size());
  lock.lock();
  for (Waiter* waiter : batch) {
    queue_.pop_front();  // the batch is the queue's front, in order
    waiter->done = true;
    if (waiter != &self) waiter->wake.notify_one();
  }
  if (!queue_.empty()) queue_.front()->wake.notify_one();
  return self.outcome;
}

void GroupCommitQueue::Commit(Waiter* const* batch, std::size_t size) {
  std::vector<Status> outcomes(size);
  Status commit = env_->Write([&](LmdbTxn& txn) {
    for (std::size_t i = 0; i < size; ++i) {
      outcomes[i] = (*batch[i]->body)(txn);
      // After a failed LMDB call the transaction cannot commit: fail it (and so every body in it).
      if (!outcomes[i].ok() && txn.lmdb_failed()) return outcomes[i];
    }
    return Status::OK();
  });
  for (std::size_t i = 0; i < size; ++i) {
    batch[i]->outcome = commit.ok() ? std::move(outcomes[i]) : commit;
  }
  Count(size, commit);
}

Status GroupCommitQueue::WriteAlone(const Body& body) {
  Status commit = env_->Write(body);
  Count(1, commit);
  return commit;
}

void GroupCommitQueue::Count(std::size_t bodies, const Status& commit) {
  if (!commit.ok()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  stats_.creation_requests += bodies;
  stats_.creation_commits += 1;
  stats_.largest_commit = std::max<std::uint64_t>(stats_.largest_commit, bodies);
}

KeyStoreStats GroupCommitQueue::Stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

std::size_t GroupCommitQueue::Waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.size();
}

}  // namespace rexian::privacy
