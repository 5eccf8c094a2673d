// Memory, disk, I/O, CPU and load figures of the benchmark process, from the kernel.
#pragma once

#include <cstdint>
#include <string>

namespace rexian::bench {

// The process's peak resident set so far, in bytes (getrusage ru_maxrss):
// the high-water mark across every phase and run of this invocation, and it
// includes file-backed pages of LMDB's memory map that the process touched.
std::uint64_t PeakRssBytes();

// The resident set right now, split as /proc/self/status does.
struct ResidentSet {
  std::uint64_t anon_bytes = 0;  // heap, stacks: the process's own memory
  std::uint64_t file_bytes = 0;  // mapped files (LMDB's map): page cache
};
ResidentSet CurrentResidentSet();

// Space the files under `dir` take: `allocated` counts blocks on disk,
// `apparent` the sum of file sizes. Zero for a missing directory.
struct DiskUsage {
  std::uint64_t allocated_bytes = 0;
  std::uint64_t apparent_bytes = 0;
};
DiskUsage MeasureDiskUsage(const std::string& dir);

// CPU time (user + system) consumed by the whole process so far, in seconds.
double ProcessCpuSeconds();

// CPU time (user + system) consumed by the calling thread so far, in seconds.
double ThreadCpuSeconds();

// Bytes this process has handed to write system calls so far (/proc/self/io
// wchar): for LMDB without MDB_WRITEMAP, every dirty page of a commit plus
// the meta page, as pwrite/writev write them. (write_bytes, the kernel's
// page-dirtying count, over-counted LMDB's writes ~1.7x here, so it is not
// used.) Includes this benchmark's own stdout, which is negligible.
std::uint64_t BytesWritten();

// The three load averages from /proc/loadavg, e.g. "2.63 1.26 0.54".
std::string LoadAverages();

}  // namespace rexian::bench
