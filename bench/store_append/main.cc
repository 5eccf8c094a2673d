// store_append: how fast the event store appends, reads and verifies: LMDB
// next to raw LMDB writing the same records, and with --backend postgres the
// PostgreSQL backend on the same workload. See docs/PERFORMANCE.md.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_options.h"
#include "bench_report.h"
#include "postgres_phases.h"
#include "process_counters.h"
#include "raw_lmdb_baseline.h"
#include "rexian/event_store.h"
#include "store_layout.h"
#include "store_phases.h"
#include "ticket_event_corpus.h"

namespace rexian::bench {
namespace {

// The work directory: a fresh one under /tmp, removed on destruction unless
// kept, or the caller's --dir, which is never removed (only the run-N
// directories made inside it are).
class WorkDir {
 public:
  WorkDir(std::string requested, bool keep) : remove_(!keep && requested.empty()) {
    if (requested.empty()) {
      char pattern[] = "/tmp/rexian-store-append-XXXXXX";
      path_ = ::mkdtemp(pattern) != nullptr ? pattern : "";
    } else {
      path_ = std::move(requested);
      std::error_code ec;
      std::filesystem::create_directories(path_, ec);
    }
  }
  ~WorkDir() {
    std::error_code ec;
    if (remove_ && !path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  WorkDir(const WorkDir&) = delete;
  WorkDir& operator=(const WorkDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool remove_;
};

// Runs the raw-LMDB baseline in `raw_dir`, measures its disk use, removes it
// unless kept.
Result<BaselineResult> MeasureBaseline(const BenchOptions& o, const TicketEventCorpus& corpus,
                                       const std::string& raw_dir,
                                       std::uint64_t* disk_bytes) {
  Result<BaselineResult> baseline = RunRawBaseline(o, corpus, raw_dir);
  if (!baseline.ok()) return baseline.status();
  *disk_bytes = MeasureDiskUsage(raw_dir).allocated_bytes;
  std::error_code ec;
  if (!o.keep_dir) std::filesystem::remove_all(raw_dir, ec);
  return baseline;
}

// One run in `dir`: baseline, store append / read / verify, baseline again.
Result<RunResult> RunOnce(const BenchOptions& o, const TicketEventCorpus& corpus,
                          const std::string& dir) {
  RunResult run;
  run.load_before = LoadAverages();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);

  if (!o.skip_baseline) {
    Result<BaselineResult> before =
        MeasureBaseline(o, corpus, dir + "/raw-lmdb", &run.baseline_disk_bytes);
    if (!before.ok()) return before.status();
    run.has_baseline = true;
    run.baseline = *before;
  }

  LmdbStoreOptions store_options;
  store_options.path = dir + "/store";
  store_options.durability = o.durability;
  if (o.max_batch_events > 0) store_options.max_batch_events = o.max_batch_events;
  Result<std::unique_ptr<EventStore>> opened = OpenLmdbEventStore(store_options);
  if (!opened.ok()) return opened.status();
  std::unique_ptr<EventStore> store = std::move(*opened);
  if (store->HeadPosition() != 0) {
    return Status::InvalidArgument("store in '" + store_options.path + "' is not empty");
  }

  run.append = RunStoreAppends(store.get(), o, corpus);
  run.rss_after_append = CurrentResidentSet();
  run.read = RunStoreRead(store.get());
  run.verify = RunStoreVerify(store.get());
  run.rss_after_verify = CurrentResidentSet();
  run.store_size_bytes = store->Stats().size_bytes;
  store->Close();
  run.store_disk_bytes = MeasureDiskUsage(store_options.path).allocated_bytes;
  // The layout of lmdb_event_store.h, read back for the report.
  Result<StoreLayout> layout =
      InspectStoreLayout(store_options.path, {"log", "streams", "event_ids"});
  if (layout.ok()) run.layout = *layout;
  if (!o.keep_dir) std::filesystem::remove_all(store_options.path, ec);

  if (!o.skip_baseline) {
    std::uint64_t disk_bytes = 0;
    Result<BaselineResult> after =
        MeasureBaseline(o, corpus, dir + "/raw-lmdb-after", &disk_bytes);
    if (!after.ok()) return after.status();
    run.baseline_after = *after;
  }
  if (o.postgres) run.postgres = RunPostgresPhases(o, corpus);
  if (!o.keep_dir) std::filesystem::remove_all(dir, ec);
  run.load_after = LoadAverages();
  return run;
}

int Main(int argc, char** argv) {
  Result<BenchOptions> parsed = ParseBenchOptions(argc, argv);
  if (!parsed.ok()) {
    bool help = parsed.status().IsNotFound();
    std::fputs((help ? "" : parsed.status().message() + "\n").c_str(), stderr);
    std::fputs(Usage().c_str(), help ? stdout : stderr);
    return help ? 0 : 2;
  }
  const BenchOptions& o = *parsed;
  WorkDir work(o.dir, o.keep_dir);
  if (work.path().empty()) {
    std::fputs("cannot create a work directory under /tmp\n", stderr);
    return 1;
  }
  const TicketEventCorpus corpus(o.payload_bytes, o.streams, o.ordered_event_ids);
  if (!o.json) std::fputs(FormatHeader(o, work.path()).c_str(), stdout);

  std::vector<RunResult> runs;
  for (unsigned i = 1; i <= o.runs; ++i) {
    Result<RunResult> run = RunOnce(o, corpus, work.path() + "/run-" + std::to_string(i));
    if (!run.ok()) {
      std::fprintf(stderr, "run %u failed: %s\n", i, run.status().ToString().c_str());
      return 1;
    }
    if (!o.json) {
      std::fputs(FormatRun(o, i, *run).c_str(), stdout);
      std::fflush(stdout);
    }
    runs.push_back(std::move(*run));
  }
  std::fputs((o.json ? FormatJson(o, runs) : FormatSummary(o, runs)).c_str(), stdout);
  if (!o.json_file.empty()) {
    std::ofstream out(o.json_file);
    out << FormatJson(o, runs);
    if (!out) std::fprintf(stderr, "cannot write '%s'\n", o.json_file.c_str());
  }
  for (const RunResult& r : runs) {
    if (!r.ok(o)) return 1;
  }
  return 0;
}

}  // namespace
}  // namespace rexian::bench

int main(int argc, char** argv) { return rexian::bench::Main(argc, argv); }
