// ProjectionRunner: batches the log into a projection.
#include "rexian/projection.h"

namespace rexian {
namespace {
constexpr std::size_t kMaxBatch = 2048;
}  // namespace

ProjectionRunner::ProjectionRunner(EventStore* store, Projection* projection)
    : store_(store), projection_(projection) {}

ProjectionRunner::~ProjectionRunner() { Stop(); }

Status ProjectionRunner::Start() {
  auto sub = store_->Subscribe(projection_->checkpoint() + 1,
                               [this](const RecordedEvent& e) { return Deliver(e); });
  if (!sub.ok()) return sub.status();
  subscription_ = std::move(sub).value();
  return Status::OK();
}

void ProjectionRunner::Stop() {
  if (subscription_) subscription_->Stop();
  subscription_.reset();
  if (!buffer_.empty()) Flush();
}

bool ProjectionRunner::Deliver(const RecordedEvent& event) {
  buffer_.push_back(event);
  if (buffer_.size() < kMaxBatch && event.position < store_->HeadPosition()) return true;
  return Flush().ok();
}

Status ProjectionRunner::Flush() {
  Status s = projection_->Apply(buffer_);
  buffer_.clear();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!s.ok()) status_ = s;
  }
  applied_cv_.notify_all();
  return s;
}

bool ProjectionRunner::WaitFor(std::uint64_t position, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return applied_cv_.wait_for(lock, timeout, [&] {
    return !status_.ok() || projection_->checkpoint() >= position;
  }) && status_.ok();
}

Status ProjectionRunner::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!status_.ok()) return status_;
  return subscription_ ? subscription_->status() : Status::OK();
}

}  // namespace rexian
