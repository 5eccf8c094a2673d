// Text and JSON reports of the store_append benchmark.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench_options.h"
#include "process_counters.h"
#include "raw_lmdb_baseline.h"
#include "store_layout.h"
#include "store_phases.h"

namespace rexian::bench {

// The store phases on PostgreSQL, when the run measured them.
struct PostgresPhases {
  bool measured = false;
  Status status;                 // opening the scratch database and the store
  AppendPhaseResult append;
  ReadPhaseResult read;
  VerifyPhaseResult verify;
  std::uint64_t size_bytes = 0;  // Stats().size_bytes: rexian_events with its indexes
};

// Everything one run measured.
struct RunResult {
  PostgresPhases postgres;
  bool has_baseline = false;
  // The raw-LMDB baseline runs just before and again just after the store
  // phases: this shared disk's speed drifts several-fold within minutes, and
  // bracketing shows when it did during the run.
  BaselineResult baseline;
  BaselineResult baseline_after;
  AppendPhaseResult append;
  ReadPhaseResult read;
  VerifyPhaseResult verify;
  std::uint64_t store_size_bytes = 0;  // Stats().size_bytes: pages in use
  std::uint64_t store_disk_bytes = 0;  // blocks allocated in the store's directory
  std::uint64_t baseline_disk_bytes = 0;
  StoreLayout layout;                  // pages per database after the run
  ResidentSet rss_after_append;
  ResidentSet rss_after_verify;
  std::string load_before;             // /proc/loadavg when the run started
  std::string load_after;

  // Mean of the baseline's write rates before and after the store phases.
  double BaselineRate() const;
  // Store append rate / BaselineRate(); 0 without a baseline.
  double OverheadRatio() const;
  // Whether every phase succeeded and every event was acknowledged OK.
  bool ok(const BenchOptions& options) const;
};

// One human-readable paragraph for run `index` (from 1).
std::string FormatRun(const BenchOptions& options, unsigned index, const RunResult& run);

// The header: configuration and machine.
std::string FormatHeader(const BenchOptions& options, const std::string& dir);

// The median of every figure over `runs`, the targets met or missed, and the
// process's peak RSS. REQUIRES: !runs.empty().
std::string FormatSummary(const BenchOptions& options, const std::vector<RunResult>& runs);

// One JSON object: configuration, each run, the medians, peak RSS.
std::string FormatJson(const BenchOptions& options, const std::vector<RunResult>& runs);

}  // namespace rexian::bench
