// Token-bucket arithmetic and least-recently-used eviction.
#include "web/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace rexian::web {

RateLimiter::RateLimiter(std::size_t max_buckets, Clock clock)
    : max_buckets_(std::max<std::size_t>(max_buckets, 1)),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })) {}

RateLimiter::Decision RateLimiter::Take(std::string_view key, double rate, double burst) {
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_buckets_) {
      buckets_.erase(recency_.back());
      recency_.pop_back();
    }
    recency_.emplace_front(key);
    it = buckets_.emplace(recency_.front(), Bucket{burst, now, recency_.begin()}).first;
  } else {
    recency_.splice(recency_.begin(), recency_, it->second.recency);
    Bucket& b = it->second;
    const double elapsed = std::chrono::duration<double>(now - b.refilled_at).count();
    b.tokens = std::min(burst, b.tokens + std::max(0.0, elapsed) * rate);
    b.refilled_at = now;
  }
  Bucket& bucket = it->second;
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return {};
  }
  const double wait = (1.0 - bucket.tokens) / rate;
  return {false, std::chrono::seconds(std::max<long long>(1, static_cast<long long>(std::ceil(wait))))};
}

std::size_t RateLimiter::size() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace rexian::web
