// Nearest-rank percentiles over the sorted latencies.
#include "common/latency_summary.h"

#include <algorithm>
#include <cmath>

namespace rexian::bench {

LatencySummary SummariseLatencies(std::vector<std::uint64_t>* nanos) {
  LatencySummary s;
  if (nanos->empty()) return s;
  std::sort(nanos->begin(), nanos->end());
  const std::size_t n = nanos->size();
  auto at = [&](double q) {
    std::size_t rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(n)));
    return static_cast<double>((*nanos)[std::clamp<std::size_t>(rank, 1, n) - 1]) / 1e6;
  };
  long double sum = 0;
  for (std::uint64_t v : *nanos) sum += v;
  s.count = n;
  s.mean_ms = static_cast<double>(sum / n) / 1e6;
  s.p50_ms = at(0.50);
  s.p95_ms = at(0.95);
  s.p99_ms = at(0.99);
  s.p999_ms = at(0.999);
  s.max_ms = static_cast<double>(nanos->back()) / 1e6;
  return s;
}

}  // namespace rexian::bench
