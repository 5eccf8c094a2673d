// The event-store phases of one run: concurrent appends, full-log read, verify.
#pragma once

#include <cstdint>
#include <string>

#include "bench_options.h"
#include "latency_summary.h"
#include "rexian/event_store.h"
#include "ticket_event_corpus.h"

namespace rexian::bench {

// What the append phase measured.
struct AppendPhaseResult {
  std::uint64_t events = 0;       // events acknowledged OK
  std::uint64_t appends = 0;      // AppendRequests acknowledged OK
  std::uint64_t failures = 0;     // appends answered with an error
  std::string first_error;        // the first such error, for the report
  double seconds = 0;             // first enqueue to last acknowledgement
  double cpu_seconds = 0;         // process CPU (user + system) in that time
  double appender_cpu_seconds = 0;  // of which the appending threads used
  std::uint64_t bytes_written = 0;  // write(2) bytes in that time
  std::uint64_t batches = 0;      // group-commit transactions (Stats().batches)
  LatencySummary latency;         // per append: enqueue to acknowledgement
  double events_per_second() const { return events / seconds; }
  // CPU the rest of the process used, per event: the store's writer thread
  // (the appenders are counted apart and the main thread only waits).
  double writer_cpu_us_per_event() const {
    return 1e6 * (cpu_seconds - appender_cpu_seconds) / events;
  }
};

// `options.threads` threads append `options.events` events, in requests of
// `options.events_per_append` events to ExpectedVersion::Any on the corpus's
// streams. With window > 1 each thread keeps up to `window` AppendAsync calls
// in flight; with window == 1 it calls the blocking Append. Append number j
// carries events j*K .. j*K+K-1 and goes to thread j % threads.
// REQUIRES: `store` is empty (positions and stats start from zero).
AppendPhaseResult RunStoreAppends(EventStore* store, const BenchOptions& options,
                                  const TicketEventCorpus& corpus);

// What the read phase measured.
struct ReadPhaseResult {
  Status status;
  std::uint64_t events = 0;
  std::uint64_t payload_bytes = 0;
  double seconds = 0;
  double cpu_seconds = 0;  // the reading thread's CPU time
  double events_per_second() const { return events / seconds; }
};

// Reads the whole log once through ReadAll's visitor form (warm page cache:
// the log was just written).
ReadPhaseResult RunStoreRead(EventStore* store);

// What Verify took.
struct VerifyPhaseResult {
  Status status;
  double seconds = 0;
  double cpu_seconds = 0;  // the verifying thread's CPU time
};

VerifyPhaseResult RunStoreVerify(EventStore* store);

}  // namespace rexian::bench
