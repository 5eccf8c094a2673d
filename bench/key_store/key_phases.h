// The timed phases of the key_store benchmark: creating keys for new citizens, looking up existing.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "latency_summary.h"
#include "rexian/privacy.h"
#include "rexian/status.h"

namespace rexian::bench {

// What one phase did.
struct PhaseResult {
  std::uint64_t calls = 0;          // KeyFor calls completed
  double seconds = 0;               // first call started → last call returned
  double cpu_seconds = 0;           // the whole process's CPU time meanwhile
  std::uint64_t bytes_written = 0;  // handed to write(2)/pwritev(2) meanwhile (LMDB's pages)
  LatencySummary latency;           // per KeyFor call
  KeyStoreStats stats;              // the store's counters at the end (creation phases)

  double calls_per_second() const { return seconds > 0 ? double(calls) / seconds : 0; }
  double cpu_us_per_call() const { return calls ? 1e6 * cpu_seconds / double(calls) : 0; }
  double bytes_per_call() const { return calls ? double(bytes_written) / double(calls) : 0; }
  double calls_per_commit() const {
    return stats.creation_commits ? double(stats.creation_requests) / double(stats.creation_commits)
                                  : 0;
  }
};

// Creates the keys of `citizens` citizens in a new key store in `dir` (64 threads, group commit),
// then closes it: the population a phase's store starts with. Their ids never collide with the
// phases' new citizens.
Status Prefill(const std::string& dir, std::uint64_t citizens);

// Opens the key store in `dir` (a copy of a prefilled one, or missing: a fresh store) with
// `group_commit`; then `threads` threads, starting together, call KeyFor for new citizens (each
// call a citizen never seen, ids shaped like intake's pseudonyms: "c-" + 32 hex, in random order)
// until `seconds` have passed. If `lookup_result` is not null, the same threads then call KeyFor
// again for the citizens just created, for `seconds`, and that phase is put in *lookup_result.
// Any KeyFor error ends the phase with that error.
Result<PhaseResult> RunCreation(const std::string& dir, bool group_commit, unsigned threads,
                                double seconds, PhaseResult* lookup_result);

}  // namespace rexian::bench
