// RestartBackoff: how long an exec plugin's supervisor waits before restarting a child.
#pragma once

#include <algorithm>
#include <chrono>

namespace rexian {

// Exponential: min, 2*min, 4*min, ... capped at max; a child that had been
// ready for at least `stable_after` counts as a success and resets the
// sequence. Not thread-safe (the supervisor's own).
class RestartBackoff {
 public:
  using Duration = std::chrono::milliseconds;

  RestartBackoff(Duration min, Duration max, Duration stable_after)
      : min_(min), max_(std::max(min, max)), stable_after_(stable_after), next_(min) {}

  // The delay before the next start, given how long the child that ended
  // had been ready (zero when it never was).
  Duration Next(std::chrono::steady_clock::duration ready_for) {
    if (ready_for >= stable_after_) next_ = min_;
    const Duration delay = next_;
    next_ = std::min(max_, next_ * 2);
    return delay;
  }

 private:
  const Duration min_, max_, stable_after_;
  Duration next_;
};

}  // namespace rexian
