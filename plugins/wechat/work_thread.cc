// WorkThread: a multimap of due jobs and one condition variable.
#include "wechat/work_thread.h"

namespace rexian::wechat {

void WorkThread::Start() { thread_ = std::thread([this] { Run(); }); }

void WorkThread::Post(Clock::time_point due, Job job) {
  bool first = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    auto it = jobs_.emplace(std::make_pair(due, sequence_++), std::move(job));
    first = it == jobs_.begin();
  }
  // A job due after the earliest one needs no wake-up: the thread already
  // sleeps until that one (the reply deadlines, all one budget apart, never do).
  if (first) wake_.notify_one();
}

std::size_t WorkThread::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  dropped_ += jobs_.size();
  jobs_.clear();
  return dropped_;
}

std::size_t WorkThread::pending() const {
  std::lock_guard lock(mutex_);
  return jobs_.size();
}

void WorkThread::Run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (jobs_.empty()) {
      if (stopping_) return;
      wake_.wait(lock);
      continue;
    }
    auto first = jobs_.begin();
    const auto now = Clock::now();
    if (first->first.first > now) {
      if (stopping_) return;  // later jobs are dropped by Stop
      wake_.wait_until(lock, first->first.first);
      continue;
    }
    Job job = std::move(first->second);
    jobs_.erase(first);
    lock.unlock();
    try {
      job();
    } catch (...) {
      // A job must not end the thread; each job handles its own failures.
    }
    lock.lock();
  }
}

}  // namespace rexian::wechat
