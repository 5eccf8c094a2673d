// LatencySummary: nearest-rank percentiles of per-request latencies.
#pragma once

#include <cstdint>
#include <vector>

namespace rexian::bench {

// Latency distribution of one kind of request, in milliseconds.
struct LatencySummary {
  std::uint64_t count = 0;
  double mean_ms = 0;
  double p50_ms = 0;
  double p95_ms = 0;
  double p99_ms = 0;
  double p999_ms = 0;
  double max_ms = 0;
};

// Summarises `nanos` (one entry per request, any order) with nearest-rank
// percentiles. Reorders `nanos`. An empty input gives an all-zero summary.
LatencySummary SummariseLatencies(std::vector<std::uint64_t>* nanos);

}  // namespace rexian::bench
