// OverdueSpikeDetector: sliding window counts with re-arming.
#include "feed/overdue_spike_detector.h"

namespace rexian::feed {

OverdueSpikeDetector::OverdueSpikeDetector(std::chrono::seconds window, std::size_t threshold)
    : window_(window), threshold_(threshold) {}

void OverdueSpikeDetector::ExpireLocked(Platform* p, std::int64_t now_us) {
  const std::int64_t oldest = now_us - std::chrono::microseconds(window_).count();
  while (!p->times.empty() && p->times.front() <= oldest) p->times.pop_front();
  if (p->times.size() <= threshold_) p->raised = false;
}

std::optional<OverdueSpike> OverdueSpikeDetector::Observe(const std::string& platform,
                                                          std::int64_t at_us) {
  if (threshold_ == 0) return std::nullopt;
  std::lock_guard lock(mutex_);
  Platform& p = platforms_[platform];
  p.times.push_back(at_us);
  ExpireLocked(&p, at_us);
  if (p.raised || p.times.size() <= threshold_) return std::nullopt;
  p.raised = true;
  return OverdueSpike{platform, p.times.size(), p.times.front(), at_us};
}

void OverdueSpikeDetector::Expire(std::int64_t now_us) {
  std::lock_guard lock(mutex_);
  for (auto it = platforms_.begin(); it != platforms_.end();) {
    ExpireLocked(&it->second, now_us);
    if (it->second.times.empty() && !it->second.raised) {
      it = platforms_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace rexian::feed
