// RateLimiter: token buckets keyed by client (remote address or API client),
// bounded in memory.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace rexian::web {

// Each key has a bucket of `burst` tokens refilled at `rate` tokens per
// second; a request takes one token or is refused with the time until one is
// back. At most `max_buckets` buckets are kept: the least recently used is
// dropped first (a dropped client starts again with a full bucket, which is
// what it would have after being idle anyway, unless it is cycling through
// more addresses than the limit). Thread-safe.
class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  struct Decision {
    bool allowed = true;
    // When refused: whole seconds until a token is available, at least 1
    // (the value of a Retry-After header).
    std::chrono::seconds retry_after{0};
  };

  // REQUIRES: max_buckets >= 1. `clock` defaults to steady_clock::now.
  explicit RateLimiter(std::size_t max_buckets, Clock clock = {});

  // Takes one token from `key`'s bucket, creating it full.
  // REQUIRES: rate > 0, burst >= 1.
  Decision Take(std::string_view key, double rate, double burst);

  // Buckets currently kept.
  std::size_t size() const;

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point refilled_at;
    std::list<std::string>::iterator recency;  // position in recency_
  };

  const std::size_t max_buckets_;
  const Clock clock_;
  mutable std::mutex mutex_;
  std::list<std::string> recency_;  // most recently used first
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace rexian::web
