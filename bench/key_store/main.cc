// key_store_bench: keys/s and latency of KeyStore::KeyFor creating keys for new citizens, with
// group commit and with one synced transaction per key, from 1, 8 and 64 threads. See
// docs/PERFORMANCE.md.
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "key_phases.h"
#include "process_counters.h"

namespace rexian::bench {
namespace {

struct Options {
  std::vector<unsigned> threads = {1, 8, 64};
  double seconds = 3;
  unsigned runs = 5;
  unsigned prefill = 100'000;
  bool lookups = true;
  std::string dir;  // empty: a fresh directory under /tmp, removed at the end
};

const char kUsage[] =
    "usage: key_store_bench [flags]\n"
    "  --threads LIST   comma-separated thread counts (default 1,8,64)\n"
    "  --seconds S      length of each phase (default 3)\n"
    "  --runs R         runs; the report gives each and the medians (default 5)\n"
    "  --prefill N      citizens every phase's store starts with (default 100000; 0: empty)\n"
    "  --no-lookups     skip the lookups of existing keys\n"
    "  --dir PATH       work directory (must not exist; kept afterwards)\n";

bool ParseUnsigned(std::string_view text, unsigned* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && *out > 0;
}

Result<Options> ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") return Status::NotFound("help");
    if (flag == "--no-lookups") {
      o.lookups = false;
      continue;
    }
    if (i + 1 >= argc)
      return Status::InvalidArgument("unknown flag or missing value: " + std::string(flag));
    std::string_view value = argv[++i];
    bool ok = true;
    if (flag == "--threads") {
      o.threads.clear();
      while (ok && !value.empty()) {
        std::string_view item = value.substr(0, value.find(','));
        value.remove_prefix(std::min(value.size(), item.size() + 1));
        unsigned n = 0;
        ok = ParseUnsigned(item, &n);
        o.threads.push_back(n);
      }
    } else if (flag == "--seconds") {
      unsigned n = 0;
      ok = ParseUnsigned(value, &n);
      o.seconds = n;
    } else if (flag == "--runs") {
      ok = ParseUnsigned(value, &o.runs);
    } else if (flag == "--prefill") {
      ok = value == "0" || ParseUnsigned(value, &o.prefill);
      if (value == "0") o.prefill = 0;
    } else if (flag == "--dir") {
      o.dir = std::string(value);
    } else {
      ok = false;
    }
    if (!ok || o.threads.empty()) {
      return Status::InvalidArgument("bad flag or value: " + std::string(flag));
    }
  }
  return o;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// One thread count of one run: the two creation phases and the lookups.
struct Cell {
  PhaseResult per_key;  // group_commit = false
  PhaseResult grouped;  // group_commit = true
  PhaseResult lookups;  // existing keys, in the grouped store
};

void PrintCell(const char* label, const Cell& c) {
  auto line = [&](const char* mode, const PhaseResult& r, bool creation) {
    std::printf("  %-7s %-8s %9.0f/s  p50 %7.2f ms  p99 %7.2f ms  cpu %6.1f us/call", label, mode,
                r.calls_per_second(), r.latency.p50_us / 1000, r.latency.p99_us / 1000,
                r.cpu_us_per_call());
    if (creation) {
      std::printf("  %6llu keys, %5.1f keys/commit (max %llu), %5.1f KiB written/key",
                  static_cast<unsigned long long>(r.calls), r.calls_per_commit(),
                  static_cast<unsigned long long>(r.stats.largest_commit),
                  r.bytes_per_call() / 1024);
    }
    std::printf("\n");
  };
  line("per-key", c.per_key, true);
  line("group", c.grouped, true);
  if (c.lookups.calls) line("lookups", c.lookups, false);
}

int Main(int argc, char** argv) {
  Result<Options> parsed = ParseOptions(argc, argv);
  if (!parsed.ok() && parsed.status().IsNotFound()) {
    std::printf("%s", kUsage);
    return 0;
  }
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n%s", parsed.status().ToString().c_str(), kUsage);
    return 2;
  }
  const Options& o = *parsed;
  std::string root = o.dir;
  if (root.empty()) {
    char pattern[] = "/tmp/rexian-key-store-bench-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) return 1;
    root = pattern;
  } else if (std::filesystem::exists(root)) {
    std::fprintf(stderr, "--dir %s exists already\n", root.c_str());
    return 2;
  }
  std::printf("key_store_bench: %u runs of %.0f s per phase, threads", o.runs, o.seconds);
  for (unsigned t : o.threads) std::printf(" %u", t);
  std::printf(", work dir %s\n", root.c_str());

  // The population each phase starts from: made once, copied (as a file, not compacted) per phase.
  std::string population = root + "/population";
  if (o.prefill > 0) {
    std::printf("prefilling %u citizens ...\n", o.prefill);
    std::fflush(stdout);
    if (Status s = Prefill(population, o.prefill); !s.ok()) {
      std::fprintf(stderr, "prefill: %s\n", s.ToString().c_str());
      return 1;
    }
    std::printf("population: %.1f MiB\n",
                double(std::filesystem::file_size(population + "/data.mdb")) / (1 << 20));
  }
  auto fresh_store = [&](const std::string& dir) {
    std::filesystem::create_directories(dir);
    if (o.prefill > 0) {
      std::filesystem::copy_file(population + "/data.mdb", dir + "/data.mdb");
    }
    return dir;
  };

  std::map<unsigned, std::vector<Cell>> cells;  // by thread count, one per run
  for (unsigned run = 1; run <= o.runs; ++run) {
    std::printf("run %u (load %s)\n", run, LoadAverages().c_str());
    for (unsigned threads : o.threads) {
      Cell cell;
      std::string base =
          root + "/run-" + std::to_string(run) + "-threads-" + std::to_string(threads);
      // Odd runs measure the former path first, even runs group commit first, so that a trend in
      // the disk's speed during a run does not favour either.
      auto per_key_phase = [&] {
        return RunCreation(fresh_store(base + "-per-key"), false, threads, o.seconds, nullptr);
      };
      auto grouped_phase = [&] {
        return RunCreation(fresh_store(base + "-group"), true, threads, o.seconds,
                           o.lookups ? &cell.lookups : nullptr);
      };
      Result<PhaseResult> per_key = PhaseResult{};
      Result<PhaseResult> grouped = PhaseResult{};
      if (run % 2 == 1) {
        per_key = per_key_phase();
        if (per_key.ok()) grouped = grouped_phase();
      } else {
        grouped = grouped_phase();
        if (grouped.ok()) per_key = per_key_phase();
      }
      if (!per_key.ok() || !grouped.ok()) {
        Status s = per_key.ok() ? grouped.status() : per_key.status();
        std::fprintf(stderr, "run %u, %u threads: %s\n", run, threads, s.ToString().c_str());
        return 1;
      }
      cell.per_key = *per_key;
      cell.grouped = *grouped;
      std::string label = std::to_string(threads) + " thr";
      PrintCell(label.c_str(), cell);
      cells[threads].push_back(cell);
      if (o.dir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(base + "-per-key", ec);
        std::filesystem::remove_all(base + "-group", ec);
      }
    }
    std::printf("  (load after: %s)\n", LoadAverages().c_str());
  }

  std::printf("\nmedians of %u runs\n", o.runs);
  std::printf("%7s | %-36s | %-36s | %-8s | %-8s | %s\n", "threads",
              "per-key: keys/s  p50  p99 ms  KiB/key", "group: keys/s  p50  p99 ms  KiB/key",
              "speed-up", "keys/cmt", "lookups/s  p50  p99 ms");
  for (unsigned threads : o.threads) {
    const std::vector<Cell>& runs = cells[threads];
    auto median = [&](auto field) {
      std::vector<double> v;
      for (const Cell& c : runs) v.push_back(field(c));
      return Median(v);
    };
    std::printf(
        "%7u | %9.0f %7.2f %8.2f %8.1f | %9.0f %7.2f %8.2f %8.1f | %7.1fx | %8.1f | %9.0f %6.3f "
        "%7.3f\n",
        threads, median([](const Cell& c) { return c.per_key.calls_per_second(); }),
        median([](const Cell& c) { return c.per_key.latency.p50_us / 1000; }),
        median([](const Cell& c) { return c.per_key.latency.p99_us / 1000; }),
        median([](const Cell& c) { return c.per_key.bytes_per_call() / 1024; }),
        median([](const Cell& c) { return c.grouped.calls_per_second(); }),
        median([](const Cell& c) { return c.grouped.latency.p50_us / 1000; }),
        median([](const Cell& c) { return c.grouped.latency.p99_us / 1000; }),
        median([](const Cell& c) { return c.grouped.bytes_per_call() / 1024; }),
        // The ratio within each run (same disk weather), then its median.
        median([](const Cell& c) {
          return c.grouped.calls_per_second() / std::max(1e-9, c.per_key.calls_per_second());
        }),
        median([](const Cell& c) { return c.grouped.calls_per_commit(); }),
        median([](const Cell& c) { return c.lookups.calls_per_second(); }),
        median([](const Cell& c) { return c.lookups.latency.p50_us / 1000; }),
        median([](const Cell& c) { return c.lookups.latency.p99_us / 1000; }));
  }
  if (o.dir.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
  }
  return 0;
}

}  // namespace
}  // namespace rexian::bench

int main(int argc, char** argv) { return rexian::bench::Main(argc, argv); }
