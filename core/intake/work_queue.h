// WorkQueue: a fixed pool of threads running queued jobs, so slow work leaves the caller's thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rexian {

// Jobs run in no particular order relative to one another, each exactly
// once. Thread-safe.
class WorkQueue {
 public:
  using Job = std::function<void()>;

  // Starts `threads` workers (at least 1).
  explicit WorkQueue(std::size_t threads);
  // Shutdown().
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Queues `job`. False (and `job` is not run) once Shutdown has begun.
  bool Post(Job job);

  // Refuses new jobs, lets the workers finish every job already queued,
  // and joins them. Idempotent. REQUIRES: not called from a job.
  void Shutdown();

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace rexian
