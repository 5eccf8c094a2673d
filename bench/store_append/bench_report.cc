// Formatting of runs, medians and targets as text or JSON.
#include "bench_report.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <thread>

namespace rexian::bench {
namespace {

// The targets.
constexpr double kAppendTarget = 300'000;
constexpr double kReadTarget = 2'000'000;
constexpr double kPostgresAppendTarget = 100'000;

// One figure of a run, named once for the text summary and the JSON.
struct Metric {
  const char* key;
  std::function<double(const RunResult&)> value;
  bool needs_baseline = false;
  bool needs_postgres = false;
};

// A metric is reported for a run only when the run measured what it needs.
bool Applies(const Metric& m, const RunResult& r) {
  return (!m.needs_baseline || r.has_baseline) && (!m.needs_postgres || r.postgres.measured);
}

const std::vector<Metric>& Metrics() {
  static const std::vector<Metric> kMetrics = {
      {"baseline_events_per_s", [](const RunResult& r) { return r.BaselineRate(); }, true},
      {"baseline_before_events_per_s", [](const RunResult& r) { return r.baseline.events_per_second(); }, true},
      {"baseline_after_events_per_s", [](const RunResult& r) { return r.baseline_after.events_per_second(); }, true},
      {"baseline_scan_events_per_s", [](const RunResult& r) { return r.baseline.scan_events_per_second(); }, true},
      {"baseline_disk_bytes", [](const RunResult& r) { return double(r.baseline_disk_bytes); }, true},
      {"baseline_written_bytes_per_event", [](const RunResult& r) { return double(r.baseline.bytes_written) / double(r.baseline.records); }, true},
      {"record_bytes", [](const RunResult& r) { return double(r.baseline.record_bytes) / double(r.baseline.records); }, true},
      {"store_events_per_s", [](const RunResult& r) { return r.append.events_per_second(); }},
      {"overhead_ratio", [](const RunResult& r) { return r.OverheadRatio(); }, true},
      {"append_seconds", [](const RunResult& r) { return r.append.seconds; }},
      {"append_cpu_us_per_event", [](const RunResult& r) { return 1e6 * r.append.cpu_seconds / double(r.append.events); }},
      {"writer_cpu_us_per_event", [](const RunResult& r) { return r.append.writer_cpu_us_per_event(); }},
      {"appender_cpu_us_per_event", [](const RunResult& r) { return 1e6 * r.append.appender_cpu_seconds / double(r.append.events); }},
      {"store_written_bytes_per_event", [](const RunResult& r) { return double(r.append.bytes_written) / double(r.append.events); }},
      {"batches", [](const RunResult& r) { return double(r.append.batches); }},
      {"events_per_batch", [](const RunResult& r) { return double(r.append.events) / double(std::max<std::uint64_t>(1, r.append.batches)); }},
      {"latency_p50_us", [](const RunResult& r) { return r.append.latency.p50_us; }},
      {"latency_p99_us", [](const RunResult& r) { return r.append.latency.p99_us; }},
      {"latency_p999_us", [](const RunResult& r) { return r.append.latency.p999_us; }},
      {"latency_max_us", [](const RunResult& r) { return r.append.latency.max_us; }},
      {"read_events_per_s", [](const RunResult& r) { return r.read.events_per_second(); }},
      {"read_cpu_us_per_event", [](const RunResult& r) { return 1e6 * r.read.cpu_seconds / double(r.read.events); }},
      {"baseline_scan_cpu_us_per_event", [](const RunResult& r) { return 1e6 * r.baseline.scan_cpu_seconds / double(r.baseline.records); }, true},
      {"verify_cpu_us_per_event", [](const RunResult& r) { return 1e6 * r.verify.cpu_seconds / double(r.append.events); }},
      {"verify_seconds", [](const RunResult& r) { return r.verify.seconds; }},
      {"verify_events_per_s", [](const RunResult& r) { return double(r.append.events) / r.verify.seconds; }},
      {"store_size_bytes", [](const RunResult& r) { return double(r.store_size_bytes); }},
      {"store_disk_bytes", [](const RunResult& r) { return double(r.store_disk_bytes); }},
      {"rss_anon_after_append_bytes", [](const RunResult& r) { return double(r.rss_after_append.anon_bytes); }},
      {"rss_file_after_verify_bytes", [](const RunResult& r) { return double(r.rss_after_verify.file_bytes); }},
      {"pg_events_per_s", [](const RunResult& r) { return r.postgres.append.events_per_second(); }, false, true},
      {"pg_batches", [](const RunResult& r) { return double(r.postgres.append.batches); }, false, true},
      {"pg_events_per_batch", [](const RunResult& r) { return double(r.postgres.append.events) / double(std::max<std::uint64_t>(1, r.postgres.append.batches)); }, false, true},
      {"pg_client_cpu_us_per_event", [](const RunResult& r) { return 1e6 * r.postgres.append.cpu_seconds / double(r.postgres.append.events); }, false, true},
      {"pg_latency_p50_us", [](const RunResult& r) { return r.postgres.append.latency.p50_us; }, false, true},
      {"pg_latency_p99_us", [](const RunResult& r) { return r.postgres.append.latency.p99_us; }, false, true},
      {"pg_latency_max_us", [](const RunResult& r) { return r.postgres.append.latency.max_us; }, false, true},
      {"pg_read_events_per_s", [](const RunResult& r) { return r.postgres.read.events_per_second(); }, false, true},
      {"pg_verify_seconds", [](const RunResult& r) { return r.postgres.verify.seconds; }, false, true},
      {"pg_size_bytes", [](const RunResult& r) { return double(r.postgres.size_bytes); }, false, true},
  };
  return kMetrics;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double MedianOf(const std::vector<RunResult>& runs, const char* key) {
  for (const Metric& m : Metrics()) {
    if (std::string_view(m.key) != key) continue;
    std::vector<double> values;
    for (const RunResult& r : runs) values.push_back(m.value(r));
    return Median(values);
  }
  return 0;
}

std::string Printf(const char* format, double a) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), format, a);
  return buf;
}

// 1234567.8 -> "1,234,568"
std::string Rate(double v) {
  std::string digits = std::to_string(static_cast<std::uint64_t>(v + 0.5));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string MiB(double bytes) { return Printf("%.0f MiB", bytes / (1 << 20)); }
std::string Ms(double us) { return Printf("%.2f ms", us / 1000); }

std::string DurabilityName(Durability d) { return d == Durability::kFsync ? "fsync" : "relaxed"; }

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += buf;
      continue;
    }
    out.push_back(c);
  }
  return out + "\"";
}

std::string JsonNumber(double v) { return Printf("%.10g", v); }

}  // namespace

double RunResult::BaselineRate() const {
  if (!has_baseline) return 0;
  return (baseline.events_per_second() + baseline_after.events_per_second()) / 2;
}

double RunResult::OverheadRatio() const {
  if (!has_baseline) return 0;
  return append.events_per_second() / BaselineRate();
}

bool RunResult::ok(const BenchOptions& options) const {
  const bool lmdb_ok = append.failures == 0 && append.events == options.events &&
                       read.status.ok() && read.events == options.events && verify.status.ok();
  if (!options.postgres) return lmdb_ok;
  const PostgresPhases& p = postgres;
  return lmdb_ok && p.measured && p.status.ok() && p.append.failures == 0 &&
         p.append.events == options.events && p.read.status.ok() &&
         p.read.events == options.events && p.verify.status.ok();
}

std::string FormatHeader(const BenchOptions& o, const std::string& dir) {
  std::string s = "store_append: " + std::to_string(o.events) + " events, " +
                  std::to_string(o.threads) + " threads, " + std::to_string(o.payload_bytes) +
                  "-byte payloads, " + std::to_string(o.events_per_append) +
                  " event(s)/append, window " + std::to_string(o.window) +
                  (o.window == 1 ? " (blocking Append)" : " (AppendAsync)") + ", " +
                  DurabilityName(o.durability) + ", " + std::to_string(o.streams) +
                  " streams, " + (o.ordered_event_ids ? "ordered" : "random") + " event ids, " +
                  std::to_string(o.runs) + " run(s)\n";
  if (o.baseline_streams || o.baseline_heads || o.baseline_event_ids) {
    s += "raw LMDB baseline also maintains:" + std::string(o.baseline_streams ? " streams" : "") +
         (o.baseline_heads ? " heads" : "") + (o.baseline_event_ids ? " event_ids" : "") +
         " (not the issue's log-only baseline)\n";
  }
  if (o.postgres) {
    s += "postgres: after LMDB in each run, in a scratch database made on the --dsn server\n";
  }
  s += "machine: " + std::to_string(std::thread::hardware_concurrency()) +
       " cpus, load average " + LoadAverages() + "; work dir " + dir + "\n";
  return s;
}

// The PostgreSQL lines of one run.
std::string FormatPostgresRun(const PostgresPhases& p) {
  if (!p.status.ok()) return "  postgres   FAILED: " + p.status.ToString() + "\n";
  const AppendPhaseResult& a = p.append;
  std::string s = "  postgres   " + Rate(a.events_per_second()) + " events/s  (" +
                  Printf("%.2f s", a.seconds) + ", " + std::to_string(a.batches) + " batches, " +
                  Printf("%.0f", double(a.events) / std::max<double>(1, double(a.batches))) +
                  " events/batch, " + Printf("%.2f", 1e6 * a.cpu_seconds / double(a.events)) +
                  " CPU-us/event in rexian)\n";
  s += "  pg latency p50 " + Ms(a.latency.p50_us) + "  p99 " + Ms(a.latency.p99_us) + "  p99.9 " +
       Ms(a.latency.p999_us) + "  max " + Ms(a.latency.max_us) + "\n";
  s += "  pg read    " + Rate(p.read.events_per_second()) + " events/s  (ReadAll, " +
       Printf("%.2f s", p.read.seconds) + ")\n";
  s += "  pg verify  " + Printf("%.2f s", p.verify.seconds) + "; size " +
       MiB(double(p.size_bytes)) + " (rexian_events with its indexes)\n";
  if (a.failures > 0) {
    s += "  pg FAILED appends: " + std::to_string(a.failures) + ", first: " + a.first_error + "\n";
  }
  if (!p.read.status.ok()) s += "  pg read FAILED: " + p.read.status.ToString() + "\n";
  if (!p.verify.status.ok()) s += "  pg verify FAILED: " + p.verify.status.ToString() + "\n";
  return s;
}

std::string FormatRun(const BenchOptions& o, unsigned index, const RunResult& r) {
  std::string s = "run " + std::to_string(index) + " (load " + r.load_before + " -> " +
                  r.load_after + ")\n";
  if (r.has_baseline) {
    const double before = r.baseline.events_per_second(), after = r.baseline_after.events_per_second();
    s += "  raw LMDB   " + Rate(r.BaselineRate()) + " events/s  (mean of " + Rate(before) +
         " before and " + Rate(after) + " after the store phases" +
         (std::max(before, after) > 1.5 * std::min(before, after)
              ? ": the disk's speed changed during the run, the ratio is unreliable)\n"
              : ")\n");
    s += "             (" +
         std::to_string(r.baseline.commits) + " synced commits of " +
         std::to_string(o.baseline_batch) + ", " + Printf("%.2f s", r.baseline.write_seconds) +
         " writing, " + Printf("%.2f s", r.baseline.prepare_seconds) +
         " encoding not counted; " +
         Printf("%.0f", double(r.baseline.record_bytes) / double(r.baseline.records)) +
         "-byte records, " +
         Printf("%.0f", double(r.baseline.bytes_written) / double(r.baseline.records)) +
         " bytes written/event, " + MiB(double(r.baseline_disk_bytes)) + " on disk)\n";
  }
  s += "  store      " + Rate(r.append.events_per_second()) + " events/s  (" +
       Printf("%.2f s", r.append.seconds) + ", " + std::to_string(r.append.batches) +
       " batches, " + Printf("%.0f", double(r.append.events) / std::max<double>(1, double(r.append.batches))) +
       " events/batch, " +
       Printf("%.0f", double(r.append.bytes_written) / double(r.append.events)) +
       " bytes written/event)\n";
  s += "  CPU        " + Printf("%.2f", r.append.writer_cpu_us_per_event()) +
       " us/event in the writer, " +
       Printf("%.2f", 1e6 * r.append.appender_cpu_seconds / double(r.append.events)) +
       " us/event in the appending threads\n";
  s += "  latency    p50 " + Ms(r.append.latency.p50_us) + "  p99 " + Ms(r.append.latency.p99_us) +
       "  p99.9 " + Ms(r.append.latency.p999_us) + "  max " + Ms(r.append.latency.max_us) +
       "  (per append, enqueue to acknowledgement)\n";
  if (r.has_baseline) {
    s += "  store overhead: " + Printf("%.2f", r.OverheadRatio()) +
         " of raw LMDB throughput\n";
  }
  s += "  read       " + Rate(r.read.events_per_second()) + " events/s  (ReadAll, " +
       Printf("%.2f s", r.read.seconds) + ", warm cache, " +
       Printf("%.3f", 1e6 * r.read.cpu_seconds / double(r.read.events)) + " CPU-us/event";
  if (r.has_baseline) {
    s += "; raw cursor scan " + Rate(r.baseline.scan_events_per_second()) + " events/s, " +
         Printf("%.3f", 1e6 * r.baseline.scan_cpu_seconds / double(r.baseline.records)) +
         " CPU-us/event";
  }
  s += ")\n";
  s += "  verify     " + Printf("%.2f s", r.verify.seconds) + " (" +
       Rate(double(r.append.events) / r.verify.seconds) + " events/s, " +
       Printf("%.2f", 1e6 * r.verify.cpu_seconds / double(r.append.events)) +
       " CPU-us/event)\n";
  s += "  size       " + MiB(double(r.store_size_bytes)) + " in use, " +
       MiB(double(r.store_disk_bytes)) + " allocated on disk\n";
  if (!r.layout.databases.empty()) {
    s += "  pages     ";
    for (const DatabasePages& d : r.layout.databases) {
      s += " " + d.name + " " + std::to_string(d.pages()) + " (depth " +
           std::to_string(d.depth) + ")";
    }
    s += "; " + std::to_string(r.layout.last_page + 1) + " pages of " +
         std::to_string(r.layout.page_bytes) + " bytes in the file\n";
  }
  s += "  RSS now    " + MiB(double(r.rss_after_append.anon_bytes)) + " anon after appends; " +
       MiB(double(r.rss_after_verify.anon_bytes)) + " anon + " +
       MiB(double(r.rss_after_verify.file_bytes)) + " mapped file after verify\n";
  if (o.postgres) s += FormatPostgresRun(r.postgres);
  if (r.append.failures > 0) {
    s += "  FAILED appends: " + std::to_string(r.append.failures) + ", first: " +
         r.append.first_error + "\n";
  }
  if (!r.read.status.ok()) s += "  read FAILED: " + r.read.status.ToString() + "\n";
  if (!r.verify.status.ok()) s += "  verify FAILED: " + r.verify.status.ToString() + "\n";
  return s;
}

std::string FormatSummary(const BenchOptions& o, const std::vector<RunResult>& runs) {
  const bool baseline = runs.front().has_baseline;
  auto median = [&](const char* key) { return MedianOf(runs, key); };
  std::string s = "median of " + std::to_string(runs.size()) + " run(s)\n";
  if (baseline) s += "  raw LMDB   " + Rate(median("baseline_events_per_s")) + " events/s\n";
  const double append = median("store_events_per_s");
  s += "  store      " + Rate(append) + " events/s  (target >= " + Rate(kAppendTarget) + ": " +
       (append >= kAppendTarget ? "met" : "MISSED") + ")\n";
  if (baseline) {
    s += "  store overhead: " + Printf("%.2f", median("overhead_ratio")) +
         " of raw LMDB throughput (median of per-run ratios)\n";
  }
  s += "  CPU        " + Printf("%.2f", median("writer_cpu_us_per_event")) +
       " us/event in the writer; " +
       Printf("%.0f", median("store_written_bytes_per_event")) + " bytes written/event";
  if (baseline) {
    s += " (raw LMDB: " + Printf("%.0f", median("baseline_written_bytes_per_event")) + ")";
  }
  s += "\n";
  s += "  latency    p50 " + Ms(median("latency_p50_us")) + "  p99 " + Ms(median("latency_p99_us")) +
       "  max " + Ms(median("latency_max_us")) + "\n";
  const double read = median("read_events_per_s");
  s += "  read       " + Rate(read) + " events/s  (target >= " + Rate(kReadTarget) + ": " +
       (read >= kReadTarget ? "met" : "MISSED") + "; " +
       Printf("%.3f", median("read_cpu_us_per_event")) + " CPU-us/event)\n";
  s += "  verify     " + Printf("%.2f s", median("verify_seconds")) + "\n";
  s += "  size       " + MiB(median("store_size_bytes")) + " in use, " +
       MiB(median("store_disk_bytes")) + " on disk";
  if (baseline) s += " (raw LMDB: " + MiB(median("baseline_disk_bytes")) + ")";
  s += "\n";
  if (o.postgres && runs.front().postgres.measured) {
    const double pg = median("pg_events_per_s");
    s += "  postgres   " + Rate(pg) + " events/s  (target >= " + Rate(kPostgresAppendTarget) +
         ": " + (pg >= kPostgresAppendTarget ? "met" : "MISSED") + "; " +
         Printf("%.0f", median("pg_events_per_batch")) + " events/batch)\n";
    s += "  pg latency p50 " + Ms(median("pg_latency_p50_us")) + "  p99 " +
         Ms(median("pg_latency_p99_us")) + "  max " + Ms(median("pg_latency_max_us")) + "\n";
    s += "  pg read    " + Rate(median("pg_read_events_per_s")) + " events/s; verify " +
         Printf("%.2f s", median("pg_verify_seconds")) + "; size " +
         MiB(median("pg_size_bytes")) + "\n";
  }
  s += "peak RSS " + MiB(double(PeakRssBytes())) +
       " (getrusage ru_maxrss: the whole process's high-water mark across every phase and "
       "run, including LMDB map pages the reads touched)\n";
  bool all_ok = true;
  for (const RunResult& r : runs) all_ok = all_ok && r.ok(o);
  s += all_ok ? "all runs: every append acknowledged OK, read and verify OK\n"
              : "SOME RUNS FAILED: see above\n";
  return s;
}

std::string FormatJson(const BenchOptions& o, const std::vector<RunResult>& runs) {
  std::string s = "{\"config\":{";
  s += "\"events\":" + std::to_string(o.events) + ",\"threads\":" + std::to_string(o.threads) +
       ",\"payload_bytes\":" + std::to_string(o.payload_bytes) +
       ",\"events_per_append\":" + std::to_string(o.events_per_append) +
       ",\"window\":" + std::to_string(o.window) + ",\"streams\":" + std::to_string(o.streams) +
       ",\"event_ids\":" + JsonString(o.ordered_event_ids ? "ordered" : "random") +
       ",\"max_batch_events\":" + std::to_string(o.max_batch_events) +
       ",\"durability\":" + JsonString(DurabilityName(o.durability)) +
       ",\"backends\":" + JsonString(o.postgres ? "lmdb,postgres" : "lmdb") +
       ",\"baseline_batch\":" + std::to_string(o.baseline_batch) +
       ",\"baseline_indexes\":" +
       JsonString(std::string(o.baseline_streams ? "streams," : "") +
                  (o.baseline_heads ? "heads," : "") + (o.baseline_event_ids ? "event_ids," : "")) +
       ",\"cpus\":" + std::to_string(std::thread::hardware_concurrency()) + "},\"runs\":[";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RunResult& r = runs[i];
    s += i == 0 ? "{" : ",{";
    s += "\"ok\":" + std::string(r.ok(o) ? "true" : "false");
    s += ",\"load_before\":" + JsonString(r.load_before) +
         ",\"load_after\":" + JsonString(r.load_after);
    for (const Metric& m : Metrics()) {
      if (!Applies(m, r)) continue;
      s += ",\"" + std::string(m.key) + "\":" + JsonNumber(m.value(r));
    }
    if (!r.append.first_error.empty()) s += ",\"first_error\":" + JsonString(r.append.first_error);
    s += ",\"pages\":{";
    for (std::size_t d = 0; d < r.layout.databases.size(); ++d) {
      s += (d == 0 ? "" : ",") + JsonString(r.layout.databases[d].name) + ":" +
           std::to_string(r.layout.databases[d].pages());
    }
    s += "}";
    s += "}";
  }
  s += "],\"median\":{";
  bool first = true;
  for (const Metric& m : Metrics()) {
    if (!Applies(m, runs.front())) continue;
    s += (first ? "\"" : ",\"") + std::string(m.key) + "\":" + JsonNumber(MedianOf(runs, m.key));
    first = false;
  }
  s += "},\"peak_rss_bytes\":" + std::to_string(PeakRssBytes()) + "}\n";
  return s;
}

}  // namespace rexian::bench
