// Percentiles of per-command latencies.
#pragma once

#include <cstdint>
#include <vector>

namespace rexian::api_bench {

// Latency distribution of one kind of command, in milliseconds.
struct LatencySummary {
  std::uint64_t count = 0;
  double mean_ms = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double p999_ms = 0;
  double max_ms = 0;
};

// Summarises `nanos` (one entry per command, any order) with nearest-rank
// percentiles. Reorders `nanos`. An empty input gives an all-zero summary.
LatencySummary SummariseLatencies(std::vector<std::uint64_t>* nanos);

}  // namespace rexian::api_bench
