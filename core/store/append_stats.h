// Counting one append's outcome into StoreStats, shared by every backend.
#pragma once

#include <iterator>

#include "rexian/event_store.h"

namespace rexian {

// Adds the outcome of one append request that took `seconds` from enqueue
// to answer. REQUIRES: the caller serialises access to `stats`.
inline void CountAppend(StoreStats* stats, const AppendResult& r, double seconds) {
  if (r.status.ok()) {
    ++stats->appends;
    if (!r.duplicate) stats->events_appended += r.last_position - r.first_position + 1;
  } else if (r.status.IsConflict()) {
    ++stats->conflicts;
  } else {
    ++stats->failed_appends;
  }
  std::size_t bucket = 0;
  while (bucket < std::size(StoreStats::kLatencyBuckets) &&
         seconds > StoreStats::kLatencyBuckets[bucket]) {
    ++bucket;
  }
  ++stats->latency_counts[bucket];
  stats->latency_sum_seconds += seconds;
}

}  // namespace rexian
