// OverdueSpikeDetector: counts ticket.overdue events per platform over a sliding window.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace rexian::feed {

// A spike: more than `threshold` overdue events of one platform within the window.
struct OverdueSpike {
  std::string platform;
  std::size_t count = 0;
  std::int64_t window_start_us = 0;  // the oldest overdue event counted
  std::int64_t window_end_us = 0;    // the event that crossed the threshold
};

// Raises at most one spike per platform until its count fell back to the
// threshold or below (hysteresis), so one surge is one alert. Thread-safe.
class OverdueSpikeDetector {
 public:
  // threshold 0 disables the detector.
  OverdueSpikeDetector(std::chrono::seconds window, std::size_t threshold);

  // Counts one overdue event of `platform` at `at_us` (UTC microseconds, in
  // log order). Returns the spike when this event crosses the threshold.
  std::optional<OverdueSpike> Observe(const std::string& platform, std::int64_t at_us);

  // Forgets events older than the window as of `now_us`, re-arming platforms
  // whose count fell back. Called now and then (the feed's ticker).
  void Expire(std::int64_t now_us);

  std::chrono::seconds window() const { return window_; }
  std::size_t threshold() const { return threshold_; }

 private:
  struct Platform {
    std::deque<std::int64_t> times;
    bool raised = false;
  };
  void ExpireLocked(Platform* p, std::int64_t now_us);

  const std::chrono::seconds window_;
  const std::size_t threshold_;
  std::mutex mutex_;
  std::map<std::string, Platform> platforms_;
};

}  // namespace rexian::feed
