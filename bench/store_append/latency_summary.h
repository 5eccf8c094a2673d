// Percentiles of per-append latencies.
#pragma once

#include <cstdint>
#include <vector>

namespace rexian::bench {

// Latency distribution of one phase, in microseconds.
struct LatencySummary {
  std::uint64_t count = 0;
  double mean_us = 0;
  double p50_us = 0;
  double p99_us = 0;
  double p999_us = 0;
  double max_us = 0;
};

// Summarises `nanos` (one entry per append, any order). Reorders `nanos`.
// An empty input gives an all-zero summary.
LatencySummary SummariseLatencies(std::vector<std::uint64_t>* nanos);

}  // namespace rexian::bench
