// CPU, memory and load figures from the kernel: this process, the server child, the machine.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "rexian/status.h"

namespace rexian::bench {

// CPU time (user + system) of this process so far, all threads, in seconds
// (getrusage RUSAGE_SELF).
double SelfCpuSeconds();

// CPU time (utime + stime) of process `pid` so far, all threads, in seconds
// (/proc/<pid>/stat).
Result<double> ProcessCpuSeconds(pid_t pid);

// CPU time of one thread, from /proc/<pid>/task/<tid>/stat.
struct ThreadCpu {
  pid_t tid = 0;
  std::string name;    // comm
  double seconds = 0;  // utime + stime
};

// CPU time of each thread of process `pid` so far. Empty if it is gone.
std::vector<ThreadCpu> ThreadCpuSeconds(pid_t pid);

// Per-thread CPU consumed between two snapshots of one process, busiest
// first; a thread absent from `before` counts from zero.
std::vector<ThreadCpu> ThreadCpuDeltas(const std::vector<ThreadCpu>& before,
                                       const std::vector<ThreadCpu>& after);

// Resident memory of a process (/proc/<pid>/status VmRSS and VmHWM). Both
// include file pages it maps, LMDB's map among them.
struct ResidentMemory {
  std::uint64_t rss_bytes = 0;   // now
  std::uint64_t peak_bytes = 0;  // high-water mark since it started
};
Result<ResidentMemory> ProcessResidentMemory(pid_t pid);

// The three load averages from /proc/loadavg, e.g. "2.63 1.26 0.54".
std::string LoadAverages();

// Online CPUs (sysconf).
unsigned OnlineCpus();

}  // namespace rexian::bench
