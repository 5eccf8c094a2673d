// Report pieces every HTTP benchmark prints: latency tables, CPU shares, a load's costs, medians.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/latency_summary.h"
#include "common/load_meter.h"

namespace rexian::bench {

// CPU seconds over `wall_seconds` as a share of all `cpus` cores, in percent.
double CpuShare(double cpu_seconds, double wall_seconds, unsigned cpus);

// One row of a latency table.
struct LatencyRow {
  std::string name;
  LatencySummary summary;
};

// A Markdown table: count, mean, p50, p95, p99, p999, max (ms) per row;
// `first_column` heads the names.
void PrintLatencyTable(const std::string& first_column, const std::vector<LatencyRow>& rows);

// Indented lines on one load: machine load before and after, CPU of
// generator and server as shares of `cpus` cores, the busiest server
// threads, the server's RSS, and the store's group commits.
void PrintLoadCosts(const LoadCosts& costs, double wall_seconds, unsigned cpus);

// The index of the median of `values` (the lower one of an even count).
// REQUIRES: !values.empty().
std::size_t MedianIndex(const std::vector<double>& values);

// "12.3 MiB".
std::string Mebibytes(std::uint64_t bytes);

}  // namespace rexian::bench
