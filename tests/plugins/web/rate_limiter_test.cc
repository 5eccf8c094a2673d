// RateLimiter: token buckets with a controlled clock.
#include <catch2/catch.hpp>

#include "web/rate_limiter.h"

namespace rexian::web {
namespace {

using namespace std::chrono_literals;

struct ManualClock {
  std::chrono::steady_clock::time_point now{};
  RateLimiter::Clock fn() {
    return [this] { return now; };
  }
};

TEST_CASE("a bucket allows its burst, then refuses with the seconds until a token is back",
          "[plugins][web][rate]") {
  ManualClock clock;
  RateLimiter limiter(100, clock.fn());
  for (int i = 0; i < 5; ++i) CHECK(limiter.Take("ip:1.2.3.4", 0.5, 5).allowed);
  auto refused = limiter.Take("ip:1.2.3.4", 0.5, 5);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after == 2s);  // one token at 0.5/s takes 2 s

  clock.now += 1s;  // half a token: still refused, 1 s to go
  auto still = limiter.Take("ip:1.2.3.4", 0.5, 5);
  CHECK_FALSE(still.allowed);
  CHECK(still.retry_after == 1s);
  clock.now += 1s;
  CHECK(limiter.Take("ip:1.2.3.4", 0.5, 5).allowed);
  CHECK_FALSE(limiter.Take("ip:1.2.3.4", 0.5, 5).allowed);
}

TEST_CASE("buckets are per key and refill up to the burst only", "[plugins][web][rate]") {
  ManualClock clock;
  RateLimiter limiter(100, clock.fn());
  CHECK(limiter.Take("a", 1, 1).allowed);
  CHECK_FALSE(limiter.Take("a", 1, 1).allowed);
  CHECK(limiter.Take("b", 1, 1).allowed);  // another client is not affected

  clock.now += 1h;  // a long idle time refills to the burst, not beyond
  CHECK(limiter.Take("a", 1, 2).allowed);
  CHECK(limiter.Take("a", 1, 2).allowed);
  CHECK_FALSE(limiter.Take("a", 1, 2).allowed);
}

TEST_CASE("Retry-After is at least one second, rounded up", "[plugins][web][rate]") {
  ManualClock clock;
  RateLimiter limiter(10, clock.fn());
  CHECK(limiter.Take("fast", 1000, 1).allowed);
  auto refused = limiter.Take("fast", 1000, 1);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after == 1s);
  CHECK(limiter.Take("slow", 0.1, 1).allowed);
  CHECK(limiter.Take("slow", 0.1, 1).retry_after == 10s);
}

TEST_CASE("memory is bounded: the least recently used bucket goes first", "[plugins][web][rate]") {
  ManualClock clock;
  RateLimiter limiter(3, clock.fn());
  for (const char* key : {"a", "b", "c"}) CHECK(limiter.Take(key, 0.001, 1).allowed);
  CHECK_FALSE(limiter.Take("a", 0.001, 1).allowed);  // a is now the most recent
  CHECK(limiter.size() == 3);
  CHECK(limiter.Take("d", 0.001, 1).allowed);  // evicts b, the least recently used
  CHECK(limiter.size() == 3);
  CHECK_FALSE(limiter.Take("a", 0.001, 1).allowed);  // a kept its empty bucket
  CHECK_FALSE(limiter.Take("c", 0.001, 1).allowed);  // so did c
  CHECK(limiter.Take("b", 0.001, 1).allowed);        // b starts over (evicted d)
}

}  // namespace
}  // namespace rexian::web
