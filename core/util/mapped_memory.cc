// Dropping mapped files' resident pages; the process-wide registry and budget thread.
#include "rexian/mapped_memory.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cstdio>
#include <cstring>
#include <list>

namespace rexian {
namespace {

struct Registry {
  std::mutex mu;  // held while droppers run: unregistering waits for them
  std::list<MappedRegions::Dropper> droppers;
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();  // never destroyed: handles may outlive main
  return *registry;
}

// "RssFile:   123456 kB" -> bytes; 0 when the line is missing.
std::size_t StatusKilobytes(const char* text, const char* key) {
  const char* at = std::strstr(text, key);
  if (at == nullptr) return 0;
  unsigned long long kb = 0;
  if (std::sscanf(at + std::strlen(key), " %llu", &kb) != 1) return 0;
  return static_cast<std::size_t>(kb) * 1024;
}

}  // namespace

void DropMappedFilePages(const std::string& path) {
  struct stat file;
  if (stat(path.c_str(), &file) != 0) return;
  FILE* maps = std::fopen("/proc/self/maps", "re");
  if (maps == nullptr) return;
  // "7f1c2a000000-7f1c6a000000 r--s 00000000 fe:01 1234567   /var/rexian/log/data.mdb"
  char line[4096];
  while (std::fgets(line, sizeof(line), maps) != nullptr) {
    unsigned long long begin = 0, end = 0, offset = 0, inode = 0;
    char perms[5] = {};
    unsigned dev_major = 0, dev_minor = 0;
    if (std::sscanf(line, "%llx-%llx %4s %llx %x:%x %llu", &begin, &end, perms, &offset, &dev_major,
                    &dev_minor, &inode) != 7) {
      continue;
    }
    if (inode != file.st_ino || makedev(dev_major, dev_minor) != file.st_dev || perms[3] != 's') {
      continue;
    }
    madvise(reinterpret_cast<void*>(static_cast<std::uintptr_t>(begin)),
            static_cast<std::size_t>(end - begin), MADV_DONTNEED);
  }
  std::fclose(maps);
}

std::shared_ptr<void> MappedRegions::Register(Dropper drop) {
  Registry& r = TheRegistry();
  std::list<Dropper>::iterator it;
  {
    std::lock_guard lock(r.mu);
    it = r.droppers.insert(r.droppers.end(), std::move(drop));
  }
  return std::shared_ptr<void>(nullptr, [it](void*) {
    Registry& reg = TheRegistry();
    std::lock_guard lock(reg.mu);
    reg.droppers.erase(it);
  });
}

void MappedRegions::DropAll() {
  Registry& r = TheRegistry();
  std::lock_guard lock(r.mu);
  for (const Dropper& drop : r.droppers) drop();
}

std::size_t MappedRegions::ResidentFileBytes() {
  FILE* f = std::fopen("/proc/self/status", "re");
  if (f == nullptr) return 0;
  char text[4096];
  const std::size_t n = std::fread(text, 1, sizeof(text) - 1, f);
  std::fclose(f);
  text[n] = '\0';
  return StatusKilobytes(text, "RssFile:") + StatusKilobytes(text, "RssShmem:");
}

MappedMemoryBudget::MappedMemoryBudget(std::size_t budget_bytes, std::chrono::milliseconds interval)
    : budget_bytes_(budget_bytes), interval_(interval) {
  if (budget_bytes_ > 0) thread_ = std::thread([this] { Run(); });
}

MappedMemoryBudget::~MappedMemoryBudget() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::size_t MappedMemoryBudget::drops() const {
  std::lock_guard lock(mu_);
  return drops_;
}

void MappedMemoryBudget::Run() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    const bool over = MappedRegions::ResidentFileBytes() > budget_bytes_;
    if (over) MappedRegions::DropAll();
    lock.lock();
    if (over) ++drops_;
  }
}

}  // namespace rexian
