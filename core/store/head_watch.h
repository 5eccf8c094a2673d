// HeadWatch: lets subscription threads sleep until the log's head moves.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace rexian {

// The writer publishes each new durable head; readers wait for it. A wait
// also ends on timeout, so readers of a log written by another process (which
// cannot notify us) still make progress by polling. Thread-safe.
class HeadWatch {
 public:
  // Publishes a new head and wakes every waiter.
  void Advance(std::uint64_t head) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (head > head_) head_ = head;
    }
    cv_.notify_all();
  }

  // Wakes every waiter without a new head (used on shutdown).
  void Interrupt() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++interrupts_;
    }
    cv_.notify_all();
  }

  // Blocks until the head reaches `position`, an Interrupt, or the timeout.
  void WaitFor(std::uint64_t position, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    const std::uint64_t seen = interrupts_;
    cv_.wait_for(lock, timeout, [&] { return head_ >= position || interrupts_ != seen; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t head_ = 0;
  std::uint64_t interrupts_ = 0;
};

}  // namespace rexian
