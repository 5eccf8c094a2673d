// Catch-up-then-follow subscription over ReadAll and a HeadWatch.
#include "store/polling_subscription.h"

#include <vector>

namespace rexian {
namespace {
constexpr std::size_t kBatch = 1024;
constexpr std::chrono::milliseconds kPollInterval(200);
}  // namespace

void SubscriptionSet::Add(PollingSubscription* s) {
  std::lock_guard<std::mutex> lock(mu_);
  members_.insert(s);
}

void SubscriptionSet::Remove(PollingSubscription* s) {
  std::lock_guard<std::mutex> lock(mu_);
  members_.erase(s);
}

void SubscriptionSet::StopAll() {
  std::lock_guard<std::mutex> lock(mu_);
  for (PollingSubscription* s : members_) {
    s->set_.store(nullptr);
    s->Stop();
  }
  members_.clear();
}

PollingSubscription::PollingSubscription(EventStore* store, HeadWatch* watch,
                                         SubscriptionSet* set, std::uint64_t from_position,
                                         RecordVisitor handler)
    : store_(store),
      watch_(watch),
      set_(set),
      next_(from_position == 0 ? 1 : from_position),
      handler_(std::move(handler)) {
  if (set != nullptr) set->Add(this);
  thread_ = std::thread([this] { Run(); });
}

PollingSubscription::~PollingSubscription() {
  if (SubscriptionSet* set = set_.exchange(nullptr)) set->Remove(this);
  Stop();
}

void PollingSubscription::Stop() {
  stopping_.store(true);
  watch_->Interrupt();
  std::lock_guard<std::mutex> lock(join_mu_);
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

Status PollingSubscription::status() const {
  std::lock_guard<std::mutex> lock(status_mu_);
  return status_;
}

void PollingSubscription::Run() {
  std::vector<RecordedEvent> batch;
  while (!stopping_.load()) {
    batch.clear();
    // Copy a batch out first: the handler must never run inside a read
    // transaction, or a slow handler would hold back the writer.
    Status s = store_->ReadAll(next_, kBatch, &batch);
    if (!s.ok()) {
      std::lock_guard<std::mutex> lock(status_mu_);
      status_ = s;
      return;
    }
    if (batch.empty()) {
      watch_->WaitFor(next_, kPollInterval);
      continue;
    }
    for (const RecordedEvent& e : batch) {
      if (stopping_.load()) return;
      next_ = e.position + 1;
      if (!handler_(e)) {
        stopping_.store(true);
        return;
      }
    }
  }
}

}  // namespace rexian
