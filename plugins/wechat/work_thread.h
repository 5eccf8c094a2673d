// WorkThread: one plugin thread running jobs in due-time order. The plugin
// keeps two: one for reply deadlines (fast jobs only) and one for outbound
// API calls (which block).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace rexian::wechat {

class WorkThread {
 public:
  using Clock = std::chrono::steady_clock;
  using Job = std::function<void()>;

  WorkThread() = default;
  ~WorkThread() { Stop(); }
  WorkThread(const WorkThread&) = delete;
  WorkThread& operator=(const WorkThread&) = delete;

  // Starts the thread. Call once.
  void Start();

  // Runs `job` on the thread at `due` or soon after (jobs due at the same
  // time run in the order posted). Dropped once Stop was called. Any thread.
  void Post(Clock::time_point due, Job job);
  void Post(Job job) { Post(Clock::now(), std::move(job)); }

  // Runs the jobs already due, drops the later ones and joins the thread.
  // Returns how many were dropped. Idempotent.
  std::size_t Stop();

  // Jobs waiting (for a gauge).
  std::size_t pending() const;

 private:
  void Run();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::multimap<std::pair<Clock::time_point, std::uint64_t>, Job> jobs_;
  std::uint64_t sequence_ = 0;
  bool stopping_ = false;
  std::size_t dropped_ = 0;
  std::thread thread_;
};

}  // namespace rexian::wechat
