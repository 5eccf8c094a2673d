// Command-line options of the store_append benchmark.
#pragma once

#include <cstdint>
#include <string>

#include "rexian/event_store.h"
#include "rexian/status.h"

namespace rexian::bench {

// What one invocation measures. Defaults are the target shape.
struct BenchOptions {
  std::uint64_t events = 1'000'000;      // events appended per run (<= 10^8)
  unsigned threads = 8;                  // appending threads
  std::size_t payload_bytes = 250;       // exact size of each JSON payload
  std::size_t events_per_append = 1;     // events in one AppendRequest
  std::size_t window = 256;              // async appends in flight per thread;
                                         // 1 = blocking Append
  std::uint64_t streams = 100'000;       // distinct ticket-… streams
  bool ordered_event_ids = false;        // UUIDv7-like ids instead of random ones
  std::size_t max_batch_events = 0;      // group-commit cap; 0 = the store's default
  Durability durability = Durability::kFsync;
  unsigned runs = 3;                     // runs; the report gives each and the median
  std::size_t baseline_batch = 1000;     // records per raw-LMDB transaction
  // Which of the store's secondary indexes the raw baseline also maintains,
  // with the store's own lookups and puts (none by default: the issue's
  // log-only baseline). Isolates what each index costs in raw LMDB.
  bool baseline_streams = false;
  bool baseline_heads = false;
  bool baseline_event_ids = false;
  bool skip_baseline = false;
  // Also measure the PostgreSQL backend, side by side with LMDB in each run,
  // in a scratch database made (and dropped) on the server of `dsn`.
  bool postgres = false;                 // --backend postgres
  std::string dsn;                       // REQUIRES with postgres: may CREATE DATABASE
  std::string dir;                       // empty: a fresh directory under /tmp
  bool keep_dir = false;                 // keep the stores after the run
  bool json = false;                     // machine-readable output
  std::string json_file;                 // also write the JSON report here
};

// Parses argv. InvalidArgument names the bad flag; NotFound means --help was
// asked for (the caller prints Usage() and exits 0).
Result<BenchOptions> ParseBenchOptions(int argc, char** argv);

// The --help text.
std::string Usage();

}  // namespace rexian::bench
