// Mapped files in the resident set: dropping their pages, and a budget that does it.
//
// LMDB reads through a shared, read-only mapping of its data file, and the
// kernel counts every page a reader has touched in the process's resident
// set (RssFile) until memory pressure evicts it. A scan of a 20 GB log would
// show as 20 GB of "memory used" although every such page is clean page
// cache that can be dropped from the mapping at any instant: the next touch
// maps it again from the page cache (a minor fault), or re-reads it from the
// file. The budget keeps a process's mapped pages below a limit by dropping
// them (madvise MADV_DONTNEED) when they pass it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace rexian {

// Drops from this process's page tables the resident pages of every shared
// mapping of the file at `path` (found by inode in /proc/self/maps; private
// mappings are left alone). Their contents are not lost, only mapped again
// from the page cache on the next touch. REQUIRES: the caller keeps the
// mapping from being unmapped or moved meanwhile (e.g. holds the lock that
// an LMDB map resize takes).
void DropMappedFilePages(const std::string& path);

// Every registered mapped region of the process, each with the function that
// drops its resident pages. Thread-safe.
class MappedRegions {
 public:
  using Dropper = std::function<void()>;

  // Registers `drop`; it may run on any thread until the returned handle is
  // destroyed (destroying it waits for a running call to finish).
  static std::shared_ptr<void> Register(Dropper drop);

  // Runs every registered dropper once.
  static void DropAll();

  // The file-backed resident bytes of this process (RssFile + RssShmem of
  // /proc/self/status); 0 when unknown.
  static std::size_t ResidentFileBytes();
};

// A thread that checks the process's file-backed resident bytes every
// `interval` and drops every registered region's pages when they exceed
// `budget_bytes`. Stops on destruction. 0 bytes: no thread (no budget).
class MappedMemoryBudget {
 public:
  MappedMemoryBudget(std::size_t budget_bytes,
                     std::chrono::milliseconds interval = std::chrono::milliseconds(50));
  ~MappedMemoryBudget();
  MappedMemoryBudget(const MappedMemoryBudget&) = delete;
  MappedMemoryBudget& operator=(const MappedMemoryBudget&) = delete;

  // Times the budget was exceeded and the regions dropped.
  std::size_t drops() const;

 private:
  void Run();

  const std::size_t budget_bytes_;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::size_t drops_ = 0;
  std::thread thread_;
};

}  // namespace rexian
