// Parsing of the store_append command line.
#include "bench_options.h"

#include <algorithm>
#include <charconv>
#include <string_view>

namespace rexian::bench {
namespace {

Status ParseCount(std::string_view flag, std::string_view text, std::uint64_t min,
                  std::uint64_t* out) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min) {
    return Status::InvalidArgument(std::string(flag) + ": expected an integer >= " +
                                   std::to_string(min) + ", got '" + std::string(text) + "'");
  }
  *out = v;
  return Status::OK();
}

}  // namespace

std::string Usage() {
  return
      "usage: store_append [flags]\n"
      "  --events N               events appended per run (default 1000000)\n"
      "  --threads T              appending threads (default 8)\n"
      "  --payload-bytes B        JSON payload size in bytes (default 250)\n"
      "  --events-per-append K    events per AppendRequest (default 1)\n"
      "  --window W               async appends in flight per thread (default 256);\n"
      "                           1 = each thread calls the blocking Append\n"
      "  --streams S              distinct ticket streams (default 100000)\n"
      "  --event-ids random|ordered   random (UUIDv4-like, default) or time-ordered\n"
      "                           (UUIDv7-like) event ids\n"
      "  --max-batch-events N     store's group-commit cap (default: the store's)\n"
      "  --durability fsync|relaxed   store durability (default fsync)\n"
      "  --runs R                 runs; each is reported and the median (default 3)\n"
      "  --baseline-batch N       records per raw-LMDB transaction (default 1000)\n"
      "  --baseline-indexes LIST  the raw baseline also maintains these store indexes,\n"
      "                           comma-separated: streams,heads,event_ids (default none)\n"
      "  --no-baseline            skip the raw-LMDB baseline phase\n"
      "  --backend lmdb|postgres  postgres: also run the phases on PostgreSQL, after\n"
      "                           LMDB in each run (default lmdb)\n"
      "  --dsn DSN                libpq connection string of a server where the\n"
      "                           benchmark may create a scratch database (postgres)\n"
      "  --dir PATH               work directory (default: fresh under /tmp, removed)\n"
      "  --keep                   keep the stores on disk after the run\n"
      "  --json                   print one JSON object instead of text\n"
      "  --json-file PATH         also write that JSON object to PATH\n";
}

Result<BenchOptions> ParseBenchOptions(int argc, char** argv) {
  BenchOptions o;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") return Status::NotFound("help");
    if (flag == "--json") { o.json = true; continue; }
    if (flag == "--keep") { o.keep_dir = true; continue; }
    if (flag == "--no-baseline") { o.skip_baseline = true; continue; }
    if (!flag.starts_with("--") || Usage().find(std::string(flag) + " ") == std::string::npos) {
      return Status::InvalidArgument("unknown flag '" + std::string(flag) + "'");
    }
    if (i + 1 >= argc) return Status::InvalidArgument(std::string(flag) + ": missing value");
    std::string_view value = argv[++i];
    std::uint64_t n = 0;
    Status s;
    if (flag == "--events") {
      s = ParseCount(flag, value, 1, &o.events);
      // Two 8-byte timestamps per append are kept for the latency figures.
      if (s.ok() && o.events > 100'000'000) {
        s = Status::InvalidArgument("--events: at most 100000000");
      }
    } else if (flag == "--threads") {
      if ((s = ParseCount(flag, value, 1, &n)).ok()) o.threads = static_cast<unsigned>(n);
    } else if (flag == "--payload-bytes") {
      if ((s = ParseCount(flag, value, 16, &n)).ok()) o.payload_bytes = n;
    } else if (flag == "--events-per-append") {
      if ((s = ParseCount(flag, value, 1, &n)).ok()) o.events_per_append = n;
    } else if (flag == "--window") {
      if ((s = ParseCount(flag, value, 1, &n)).ok()) o.window = n;
    } else if (flag == "--streams") {
      s = ParseCount(flag, value, 1, &o.streams);
    } else if (flag == "--runs") {
      if ((s = ParseCount(flag, value, 1, &n)).ok()) o.runs = static_cast<unsigned>(n);
    } else if (flag == "--baseline-batch") {
      if ((s = ParseCount(flag, value, 1, &n)).ok()) o.baseline_batch = n;
    } else if (flag == "--max-batch-events") {
      if ((s = ParseCount(flag, value, 1, &n)).ok()) o.max_batch_events = n;
    } else if (flag == "--event-ids") {
      if (value == "random" || value == "ordered") {
        o.ordered_event_ids = value == "ordered";
      } else {
        s = Status::InvalidArgument("--event-ids: expected random or ordered, got '" +
                                    std::string(value) + "'");
      }
    } else if (flag == "--baseline-indexes") {
      o.baseline_streams = o.baseline_heads = o.baseline_event_ids = false;
      std::string_view rest = value;
      while (s.ok() && !rest.empty() && rest != "none") {
        std::string_view name = rest.substr(0, rest.find(','));
        rest.remove_prefix(std::min(rest.size(), name.size() + 1));
        if (name == "streams") {
          o.baseline_streams = true;
        } else if (name == "heads") {
          o.baseline_heads = true;
        } else if (name == "event_ids") {
          o.baseline_event_ids = true;
        } else {
          s = Status::InvalidArgument("--baseline-indexes: unknown index '" + std::string(name) +
                                      "' (streams, heads, event_ids)");
        }
      }
    } else if (flag == "--backend") {
      if (value == "lmdb" || value == "postgres") {
        o.postgres = value == "postgres";
      } else {
        s = Status::InvalidArgument("--backend: expected lmdb or postgres, got '" +
                                    std::string(value) + "'");
      }
    } else if (flag == "--dsn") {
      o.dsn = std::string(value);
    } else if (flag == "--json-file") {
      o.json_file = std::string(value);
    } else if (flag == "--dir") {
      o.dir = std::string(value);
    } else if (flag == "--durability") {
      if (value == "fsync") {
        o.durability = Durability::kFsync;
      } else if (value == "relaxed") {
        o.durability = Durability::kRelaxed;
      } else {
        s = Status::InvalidArgument("--durability: expected fsync or relaxed, got '" +
                                    std::string(value) + "'");
      }
    } else {
      s = Status::InvalidArgument("unknown flag '" + std::string(flag) + "'");
    }
    if (!s.ok()) return s;
  }
  if (o.postgres && o.dsn.empty()) {
    return Status::InvalidArgument("--backend postgres: --dsn is required");
  }
  return o;
}

}  // namespace rexian::bench
