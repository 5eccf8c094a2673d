// CPU and load figures from the kernel: this process, the server child, the machine.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "rexian/status.h"

namespace rexian::api_bench {

// CPU time (user + system) of this process so far, all threads, in seconds
// (getrusage RUSAGE_SELF).
double SelfCpuSeconds();

// CPU time (utime + stime) of process `pid` so far, all threads, in seconds
// (/proc/<pid>/stat).
Result<double> ProcessCpuSeconds(pid_t pid);

// CPU time of each thread of process `pid`, from /proc/<pid>/task/*/stat.
struct ThreadCpu {
  pid_t tid = 0;
  std::string name;    // comm
  double seconds = 0;  // utime + stime
};
std::vector<ThreadCpu> ThreadCpuSeconds(pid_t pid);

// The three load averages from /proc/loadavg, e.g. "2.63 1.26 0.54".
std::string LoadAverages();

// Online CPUs (sysconf).
unsigned OnlineCpus();

}  // namespace rexian::api_bench
