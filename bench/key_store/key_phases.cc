// Creation and lookup phases: threads calling KeyStore::KeyFor against a deadline.
#include "key_phases.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>

#include "process_counters.h"

namespace rexian::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kPrefillNamespace = 1;
constexpr std::uint64_t kPhaseNamespace = 2;

std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Thread `thread`'s `index`-th citizen of a namespace, spelled like intake's pseudonyms ("c-" and
// 32 hex digits of an HMAC), so that new citizens land all over the citizen index as real ones do.
std::string CitizenId(std::uint64_t name_space, unsigned thread, std::uint64_t index) {
  std::uint64_t seed = SplitMix64(name_space << 56 ^ std::uint64_t{thread} << 40 ^ index);
  char buf[40];
  std::snprintf(buf, sizeof buf, "c-%016llx%016llx", static_cast<unsigned long long>(seed),
                static_cast<unsigned long long>(SplitMix64(seed)));
  return buf;
}

// Runs `threads` threads that call `one_call(thread, i)` for i = 0, 1, ... until `seconds` have
// passed since they all started; collects latencies and the elapsed and CPU time.
Result<PhaseResult> RunThreads(unsigned threads, double seconds,
                               const std::function<Status(unsigned, std::uint64_t)>& one_call) {
  std::vector<std::vector<std::uint64_t>> nanos(threads);
  std::vector<Status> errors(threads);
  std::atomic<unsigned> ready{0};
  std::atomic<bool> go{false};
  Clock::time_point start;
  std::vector<Clock::time_point> ends(threads);
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      nanos[t].reserve(1 << 16);
      ready.fetch_add(1);
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      Clock::time_point deadline = start + std::chrono::duration_cast<Clock::duration>(
                                               std::chrono::duration<double>(seconds));
      for (std::uint64_t i = 0;; ++i) {
        Clock::time_point before = Clock::now();
        if (before >= deadline) break;
        Status s = one_call(t, i);
        Clock::time_point after = Clock::now();
        if (!s.ok()) {
          errors[t] = s;
          break;
        }
        nanos[t].push_back(static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::nanoseconds>(after - before).count()));
        ends[t] = after;
      }
    });
  }
  while (ready.load() < threads) std::this_thread::yield();
  double cpu_before = ProcessCpuSeconds();
  std::uint64_t written_before = BytesWritten();
  start = Clock::now();
  go.store(true, std::memory_order_release);
  for (auto& worker : workers) worker.join();
  PhaseResult result;
  result.cpu_seconds = ProcessCpuSeconds() - cpu_before;
  result.bytes_written = BytesWritten() - written_before;
  for (const Status& s : errors) {
    if (!s.ok()) return s;
  }
  std::vector<std::uint64_t> all;
  Clock::time_point last = start;
  for (unsigned t = 0; t < threads; ++t) {
    all.insert(all.end(), nanos[t].begin(), nanos[t].end());
    last = std::max(last, ends[t]);
  }
  result.calls = all.size();
  result.seconds = std::chrono::duration<double>(last - start).count();
  result.latency = SummariseLatencies(&all);
  return result;
}

}  // namespace

Status Prefill(const std::string& dir, std::uint64_t citizens) {
  Result<std::unique_ptr<KeyStore>> opened = KeyStore::Open(dir);
  if (!opened.ok()) return opened.status();
  constexpr unsigned kThreads = 64;
  std::vector<Status> errors(kThreads);
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] {
      for (std::uint64_t i = t; i < citizens && errors[t].ok(); i += kThreads) {
        errors[t] = (*opened)->KeyFor(CitizenId(kPrefillNamespace, 0, i)).status();
      }
    });
  }
  for (auto& worker : workers) worker.join();
  for (const Status& s : errors) {
    if (!s.ok()) return s;
  }
  return Status::OK();
}

Result<PhaseResult> RunCreation(const std::string& dir, bool group_commit, unsigned threads,
                                double seconds, PhaseResult* lookup_result) {
  KeyStoreOptions options;
  options.group_commit = group_commit;
  Result<std::unique_ptr<KeyStore>> opened = KeyStore::Open(dir, options);
  if (!opened.ok()) return opened.status();
  KeyStore& store = **opened;
  if (store.Stats().creation_requests != 0) {
    return Status::InvalidArgument("key store " + dir + " is not fresh");
  }
  std::vector<std::uint64_t> created(threads, 0);
  Result<PhaseResult> creation = RunThreads(threads, seconds, [&](unsigned t, std::uint64_t i) {
    Result<DataKey> key = store.KeyFor(CitizenId(kPhaseNamespace, t, i));
    created[t] = i + 1;
    return key.status();
  });
  if (!creation.ok()) return creation;
  creation->stats = store.Stats();
  if (creation->stats.creation_requests != creation->calls) {
    return Status::Corruption("expected one creation request per call, got " +
                              std::to_string(creation->stats.creation_requests) + " for " +
                              std::to_string(creation->calls) + " calls");
  }
  if (lookup_result == nullptr) return creation;

  // Every thread looks up the keys all threads created, starting at its own.
  std::vector<std::string> existing;
  for (unsigned t = 0; t < threads; ++t) {
    for (std::uint64_t i = 0; i < created[t]; ++i) {
      existing.push_back(CitizenId(kPhaseNamespace, t, i));
    }
  }
  Result<PhaseResult> lookups = RunThreads(threads, seconds, [&](unsigned t, std::uint64_t i) {
    std::size_t at = (i + std::size_t{t} * existing.size() / threads) % existing.size();
    return store.KeyFor(existing[at]).status();
  });
  if (!lookups.ok()) return lookups.status();
  if (store.Stats().creation_requests != creation->stats.creation_requests) {
    return Status::Corruption("a lookup of an existing key asked a writer");
  }
  *lookup_result = *lookups;
  return creation;
}

}  // namespace rexian::bench
