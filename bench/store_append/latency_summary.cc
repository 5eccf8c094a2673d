// Nearest-rank percentiles over a vector of latencies.
#include "latency_summary.h"

#include <algorithm>
#include <cmath>

namespace rexian::bench {
namespace {

// Nearest-rank percentile: the smallest value with at least q of the samples
// at or below it. Partially sorts `v` around that rank.
double Percentile(std::vector<std::uint64_t>* v, double q) {
  std::size_t rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v->size())));
  std::size_t index = rank == 0 ? 0 : rank - 1;
  std::nth_element(v->begin(), v->begin() + static_cast<std::ptrdiff_t>(index), v->end());
  return static_cast<double>((*v)[index]) / 1000.0;
}

}  // namespace

LatencySummary SummariseLatencies(std::vector<std::uint64_t>* nanos) {
  LatencySummary s;
  if (nanos->empty()) return s;
  s.count = nanos->size();
  long double sum = 0;
  std::uint64_t max = 0;
  for (std::uint64_t n : *nanos) {
    sum += n;
    max = std::max(max, n);
  }
  s.mean_us = static_cast<double>(sum / static_cast<long double>(nanos->size()) / 1000.0L);
  s.max_us = static_cast<double>(max) / 1000.0;
  s.p50_us = Percentile(nanos, 0.50);
  s.p99_us = Percentile(nanos, 0.99);
  s.p999_us = Percentile(nanos, 0.999);
  return s;
}

}  // namespace rexian::bench
