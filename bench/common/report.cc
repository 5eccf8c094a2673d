// Printing the shared parts of the benchmarks' reports.
#include "common/report.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace rexian::bench {

double CpuShare(double cpu_seconds, double wall_seconds, unsigned cpus) {
  return wall_seconds > 0 ? 100.0 * cpu_seconds / (wall_seconds * cpus) : 0;
}

void PrintLatencyTable(const std::string& first_column, const std::vector<LatencyRow>& rows) {
  std::size_t width = first_column.size();
  for (const LatencyRow& r : rows) width = std::max(width, r.name.size());
  const int w = static_cast<int>(width);
  std::printf("| %-*s |     count | mean ms |  p50 ms |  p95 ms |  p99 ms | p999 ms |   max ms |\n",
              w, first_column.c_str());
  std::printf("|%s|----------:|--------:|--------:|--------:|--------:|--------:|---------:|\n",
              std::string(width + 2, '-').c_str());
  for (const LatencyRow& r : rows) {
    const LatencySummary& s = r.summary;
    std::printf("| %-*s | %9llu | %7.2f | %7.2f | %7.2f | %7.2f | %7.2f | %8.2f |\n", w,
                r.name.c_str(), static_cast<unsigned long long>(s.count), s.mean_ms, s.p50_ms,
                s.p95_ms, s.p99_ms, s.p999_ms, s.max_ms);
  }
}

void PrintLoadCosts(const LoadCosts& c, double wall_seconds, unsigned cpus) {
  std::printf("  load average before %s, after %s\n", c.load_before.c_str(), c.load_after.c_str());
  std::printf("  CPU during the load (share of %u cores): generator %.1f s = %.0f%%, "
              "server %.1f s = %.0f%%\n",
              cpus, c.generator_cpu_seconds, CpuShare(c.generator_cpu_seconds, wall_seconds, cpus),
              c.server_cpu_seconds, CpuShare(c.server_cpu_seconds, wall_seconds, cpus));
  std::printf("  server threads, CPU s during the load:");
  for (std::size_t i = 0; i < c.server_threads.size() && i < 8; ++i) {
    std::printf(" %s[%d]=%.1f", c.server_threads[i].name.c_str(), c.server_threads[i].tid,
                c.server_threads[i].seconds);
  }
  std::printf("\n  server memory after the load: RSS %s, peak %s\n",
              Mebibytes(c.server_memory.rss_bytes).c_str(),
              Mebibytes(c.server_memory.peak_bytes).c_str());
  const StoreCounters& s = c.store;
  if (s.batches > 0) {
    std::printf("  store: %.0f appends, %.0f events in %.0f group commits (%.1f events/commit, "
                "%.0f commits/s), mean append %.2f ms (enqueue to durable)\n",
                s.appends, s.events, s.batches, s.events / s.batches, s.batches / wall_seconds,
                s.latency_count > 0 ? 1000.0 * s.latency_sum_seconds / s.latency_count : 0.0);
  }
}

std::size_t MedianIndex(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  return order[(order.size() - 1) / 2];
}

std::string Mebibytes(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
}

}  // namespace rexian::bench
