// Allocation of ticket numbers.
#include "service/ticket_numbers.h"

#include <cstdio>

namespace rexian {

std::string TicketNumbers::Format(const std::string& platform, int year, std::uint64_t sequence) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "-%04d-%07llu", year, static_cast<unsigned long long>(sequence));
  return platform + buf;
}

Result<std::uint64_t> TicketNumbers::FirstFree(const std::string& platform, int year) {
  auto exists = [&](std::uint64_t seq) -> Result<bool> {
    auto v = store_->StreamVersion(StreamOf(Format(platform, year, seq)));
    if (!v.ok()) return v.status();
    return *v > 0;
  };
  // Find an upper bound that is free, then the first free sequence below it.
  std::uint64_t low = 0, high = 1;  // invariant: low is used (or 0), high is probed
  for (;;) {
    auto used = exists(high);
    if (!used.ok()) return used.status();
    if (!*used) break;
    low = high;
    high *= 2;
  }
  while (high - low > 1) {
    std::uint64_t mid = low + (high - low) / 2;
    auto used = exists(mid);
    if (!used.ok()) return used.status();
    (*used ? low : high) = mid;
  }
  return high;
}

Result<std::string> TicketNumbers::Next(const std::string& platform, int year) {
  std::lock_guard<std::mutex> lock(mu_);
  auto key = std::make_pair(platform, year);
  auto it = next_.find(key);
  if (it == next_.end()) {
    auto first = FirstFree(platform, year);
    if (!first.ok()) return first.status();
    it = next_.emplace(key, *first).first;
  }
  return Format(platform, year, it->second++);
}

}  // namespace rexian
