// The raw-LMDB baseline: the store's records written with no store around them.
#pragma once

#include <cstdint>
#include <string>

#include "bench_options.h"
#include "rexian/status.h"
#include "ticket_event_corpus.h"

namespace rexian::bench {

// What the baseline measured.
struct BaselineResult {
  std::uint64_t records = 0;
  std::uint64_t commits = 0;
  std::uint64_t record_bytes = 0;   // encoded bytes put, keys excluded
  double write_seconds = 0;         // begin + puts + synced commit, summed
  double prepare_seconds = 0;       // generating and encoding, not in the rate
  double scan_seconds = 0;          // one cursor pass over every record
  double scan_cpu_seconds = 0;      // the scanning thread's CPU time
  std::uint64_t size_bytes = 0;     // pages in use, as Stats().size_bytes counts
  std::uint64_t disk_bytes = 0;     // blocks allocated under the directory
  std::uint64_t bytes_written = 0;  // write(2) bytes while writing
  double events_per_second() const { return records / write_seconds; }
  double scan_events_per_second() const { return records / scan_seconds; }
};

// Writes the same `options.events` events the store phase appends, encoded
// with the store's record codec (EncodeRecord, a placeholder hash of 32
// bytes), into one MDB_INTEGERKEY database of a fresh LMDB environment in
// `dir`: mdb_put(MDB_APPEND), one synced commit per `options.baseline_batch`
// records. Only the LMDB work is timed: each batch is generated and encoded
// before its transaction begins. Then times one read-only cursor scan.
// With options.baseline_streams / _heads / _event_ids it also maintains
// those indexes as lmdb_append.cc does (same keys, lookups and put flags).
Result<BaselineResult> RunRawBaseline(const BenchOptions& options,
                                      const TicketEventCorpus& corpus, const std::string& dir);

}  // namespace rexian::bench
