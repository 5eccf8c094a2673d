// A backend-neutral subscription: read from the log, then wait for the head.
#pragma once

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "rexian/event_store.h"
#include "store/head_watch.h"

namespace rexian {

class PollingSubscription;

// The live subscriptions of one store, so that closing the store stops them
// before the store goes away. Thread-safe.
class SubscriptionSet {
 public:
  void Add(PollingSubscription* s);
  void Remove(PollingSubscription* s);
  // Stops every member (joining their threads) and empties the set.
  void StopAll();

 private:
  std::mutex mu_;
  std::set<PollingSubscription*> members_;
};

// Delivers events by repeatedly reading the log from the next undelivered
// position and, when there is nothing new, sleeping on the HeadWatch. Since
// the catch-up and the live phase are the same loop over positions, there is
// no gap and no duplicate across the switch. Any backend with ReadAll and a
// HeadWatch can use it.
class PollingSubscription final : public Subscription {
 public:
  // REQUIRES: `store`, `watch` and `set` (may be null) outlive the
  // subscription, or `set` stops it first.
  PollingSubscription(EventStore* store, HeadWatch* watch, SubscriptionSet* set,
                      std::uint64_t from_position, RecordVisitor handler);
  ~PollingSubscription() override;

  void Stop() override;
  Status status() const override;

 private:
  friend class SubscriptionSet;

  void Run();

  EventStore* store_;
  HeadWatch* watch_;
  std::atomic<SubscriptionSet*> set_;  // null once the set let go of us
  std::uint64_t next_;
  RecordVisitor handler_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex status_mu_;
  Status status_;
  std::mutex join_mu_;
  std::thread thread_;
};

}  // namespace rexian
