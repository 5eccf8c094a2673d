// LoadMeter: what one load cost, from the kernel and the server's /metrics, between two snapshots.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/process_counters.h"
#include "common/server_metrics.h"
#include "rexian/status.h"

namespace rexian::bench {

// The costs of one load on one server.
struct LoadCosts {
  std::string load_before;             // /proc/loadavg before and after the load
  std::string load_after;
  double generator_cpu_seconds = 0;    // this process
  double server_cpu_seconds = 0;       // the rexian child
  std::vector<ThreadCpu> server_threads;  // per-thread CPU during the load, busiest first
  ResidentMemory server_memory;        // the child's, right after the load
  StoreCounters store;                 // store counters during the load
  std::string metrics_before;          // the whole /metrics text before and after,
  std::string metrics_after;           // for series a benchmark wants beyond the store's
};

// Snapshots taken around a load. Start() just before the load, Finish()
// right after it: Finish reads the CPU clocks first, then /metrics.
class LoadMeter {
 public:
  // Reads /metrics and the CPU clocks of this process and of the server
  // (process `pid` listening on 127.0.0.1:`port`).
  static Result<LoadMeter> Start(pid_t pid, std::uint16_t port);

  // The differences since Start. Fails when the server is gone or its
  // /metrics lacks the store series.
  Result<LoadCosts> Finish() const;

 private:
  LoadMeter() = default;

  pid_t pid_ = 0;
  std::uint16_t port_ = 0;
  std::string load_before_;
  std::string metrics_before_;
  StoreCounters store_before_;
  std::vector<ThreadCpu> threads_before_;
  double server_cpu_before_ = 0;
  double self_cpu_before_ = 0;
};

}  // namespace rexian::bench
