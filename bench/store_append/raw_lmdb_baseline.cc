// The raw-LMDB baseline: MDB_APPEND puts and synced commits, optionally plus the store's indexes.
#include "raw_lmdb_baseline.h"

#include <lmdb.h>

#include <chrono>
#include <filesystem>
#include <vector>

#include "process_counters.h"
#include "store/record_codec.h"

namespace rexian::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Keeps the scan's reads from being optimised away.
volatile std::uint64_t sink = 0;

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// What a record adds to the secondary indexes, prepared before the timer.
struct IndexEntries {
  std::string stream_id;
  std::string stream_key;  // stream_id '\0' big-endian version
  std::string event_id;
  std::uint64_t version = 0;
  bool first_of_append = false;
  bool last_of_append = false;
};

void AppendBigEndian(std::string* out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

MDB_val Val(const std::string& s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }

Status LmdbError(int rc, const std::string& what) {
  return Status::IoError(what + ": " + mdb_strerror(rc));
}

// An environment closed on every return path.
struct EnvCloser {
  MDB_env* env = nullptr;
  ~EnvCloser() {
    if (env != nullptr) mdb_env_close(env);
  }
};

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<BaselineResult> RunRawBaseline(const BenchOptions& options,
                                      const TicketEventCorpus& corpus, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("create '" + dir + "': " + ec.message());

  EnvCloser env;
  int rc = mdb_env_create(&env.env);
  if (rc != 0) return LmdbError(rc, "mdb_env_create");
  // Room for every record twice over: the map is address space, not disk.
  std::uint64_t map = options.events * (options.payload_bytes + 512) * 2 + (256ull << 20);
  mdb_env_set_mapsize(env.env, map);
  mdb_env_set_maxdbs(env.env, 4);
  // Same environment flags as the store in fsync mode: synced commits.
  rc = mdb_env_open(env.env, dir.c_str(), MDB_NOTLS, 0640);
  if (rc != 0) return LmdbError(rc, "open baseline environment '" + dir + "'");

  const bool indexed = options.baseline_streams || options.baseline_heads ||
                       options.baseline_event_ids;
  MDB_dbi dbi = 0, streams = 0, heads = 0, event_ids = 0;
  {
    MDB_txn* txn = nullptr;
    rc = mdb_txn_begin(env.env, nullptr, 0, &txn);
    if (rc == 0) rc = mdb_dbi_open(txn, "log", MDB_CREATE | MDB_INTEGERKEY, &dbi);
    if (rc == 0 && options.baseline_streams) rc = mdb_dbi_open(txn, "streams", MDB_CREATE, &streams);
    if (rc == 0 && options.baseline_heads) rc = mdb_dbi_open(txn, "heads", MDB_CREATE, &heads);
    if (rc == 0 && options.baseline_event_ids) {
      rc = mdb_dbi_open(txn, "event_ids", MDB_CREATE, &event_ids);
    }
    if (rc == 0) {
      rc = mdb_txn_commit(txn);
    } else if (txn != nullptr) {
      mdb_txn_abort(txn);
    }
    if (rc != 0) return LmdbError(rc, "create baseline database");
  }

  BaselineResult result;
  // Records in the order the store's appends are numbered: append j holds
  // events j*K .. j*K+K-1 of ticket TicketFor(j), with its stream versions.
  std::vector<std::uint64_t> versions(options.streams, 0);
  std::vector<std::string> encoded(options.baseline_batch);
  std::vector<IndexEntries> entries(indexed ? options.baseline_batch : 0);
  RecordedEvent record;
  NewEvent event;
  record.hash.assign(32, '\x5a');  // the bytes a SHA-256 would take
  std::uint64_t next_event = 0;
  while (next_event < options.events) {
    Clock::time_point prepare = Clock::now();
    std::size_t n = 0;
    record.recorded_at_us = NowMicros();
    for (; n < options.baseline_batch && next_event < options.events; ++n, ++next_event) {
      std::uint64_t append = next_event / options.events_per_append;
      std::uint64_t ticket = corpus.TicketFor(append);
      corpus.MakeEvent(next_event, ticket, &event);
      record.position = next_event + 1;
      record.stream_id = corpus.StreamId(ticket);
      record.stream_version = ++versions[ticket];
      record.event_id = event.event_id;
      record.type = event.type;
      record.schema_version = event.schema_version;
      record.metadata = event.metadata;
      record.payload = event.payload;
      EncodeRecord(record, &encoded[n]);
      result.record_bytes += encoded[n].size();
      if (indexed) {
        IndexEntries& e = entries[n];
        e.stream_id = record.stream_id;
        e.stream_key = record.stream_id;
        e.stream_key.push_back('\0');
        AppendBigEndian(&e.stream_key, record.stream_version);
        e.event_id = record.event_id;
        e.version = record.stream_version;
        e.first_of_append = next_event % options.events_per_append == 0;
        e.last_of_append = (next_event + 1) % options.events_per_append == 0 ||
                           next_event + 1 == options.events;
      }
    }
    result.prepare_seconds += Since(prepare);

    Clock::time_point write = Clock::now();
    const std::uint64_t written_before = BytesWritten();
    MDB_txn* txn = nullptr;
    rc = mdb_txn_begin(env.env, nullptr, 0, &txn);
    if (rc != 0) return LmdbError(rc, "begin baseline batch");
    std::uint64_t first = next_event - n + 1;
    for (std::size_t i = 0; rc == 0 && i < n; ++i) {
      std::size_t position = static_cast<std::size_t>(first + i);  // INTEGERKEY: size_t
      MDB_val key{sizeof(position), &position};
      MDB_val value{encoded[i].size(), encoded[i].data()};
      if (indexed) {
        // The lookups ApplyAppend makes before writing: head, then the id.
        const IndexEntries& e = entries[i];
        MDB_val found;
        MDB_val head_key = Val(e.stream_id), id_key = Val(e.event_id);
        if (options.baseline_heads && e.first_of_append) {
          rc = mdb_get(txn, heads, &head_key, &found);
          if (rc == MDB_NOTFOUND) rc = 0;
        }
        if (rc == 0 && options.baseline_event_ids) {
          rc = mdb_get(txn, event_ids, &id_key, &found);
          if (rc == MDB_NOTFOUND) rc = 0;
        }
        if (rc != 0) break;
      }
      rc = mdb_put(txn, dbi, &key, &value, MDB_APPEND);
      if (rc != 0 || !indexed) continue;
      const IndexEntries& e = entries[i];
      std::uint64_t pos = position;
      MDB_val pos_value{sizeof(pos), &pos};
      if (options.baseline_streams) {
        MDB_val stream_key = Val(e.stream_key);
        rc = mdb_put(txn, streams, &stream_key, &pos_value, MDB_NOOVERWRITE);
      }
      if (rc == 0 && options.baseline_event_ids) {
        MDB_val id_key = Val(e.event_id);
        rc = mdb_put(txn, event_ids, &id_key, &pos_value, MDB_NOOVERWRITE);
      }
      if (rc == 0 && options.baseline_heads && e.last_of_append) {
        std::uint64_t version = e.version;
        MDB_val head_key = Val(e.stream_id), head_value{sizeof(version), &version};
        rc = mdb_put(txn, heads, &head_key, &head_value, 0);
      }
    }
    if (rc != 0) {
      mdb_txn_abort(txn);
      return LmdbError(rc, "baseline mdb_put");
    }
    rc = mdb_txn_commit(txn);
    if (rc != 0) return LmdbError(rc, "baseline commit");
    result.write_seconds += Since(write);
    result.bytes_written += BytesWritten() - written_before;
    ++result.commits;
    result.records += n;
  }

  // One read-only cursor pass that touches each value but decodes nothing:
  // the floor under the store's full-log read.
  {
    Clock::time_point scan = Clock::now();
    const double scan_cpu = ThreadCpuSeconds();
    MDB_txn* txn = nullptr;
    rc = mdb_txn_begin(env.env, nullptr, MDB_RDONLY, &txn);
    if (rc != 0) return LmdbError(rc, "begin baseline scan");
    MDB_cursor* cursor = nullptr;
    rc = mdb_cursor_open(txn, dbi, &cursor);
    MDB_val key, value;
    std::uint64_t seen = 0, bytes = 0;
    for (int op = MDB_FIRST; rc == 0; op = MDB_NEXT) {
      rc = mdb_cursor_get(cursor, &key, &value, static_cast<MDB_cursor_op>(op));
      if (rc != 0) break;
      ++seen;
      bytes += static_cast<const unsigned char*>(value.mv_data)[value.mv_size - 1];
    }
    if (cursor != nullptr) mdb_cursor_close(cursor);
    MDB_stat st;
    MDB_envinfo info;
    mdb_env_stat(env.env, &st);
    mdb_env_info(env.env, &info);
    result.size_bytes = (static_cast<std::uint64_t>(info.me_last_pgno) + 1) * st.ms_psize;
    mdb_txn_abort(txn);
    result.scan_seconds = Since(scan);
    result.scan_cpu_seconds = ThreadCpuSeconds() - scan_cpu;
    if (rc != MDB_NOTFOUND) return LmdbError(rc, "baseline scan");
    if (seen != result.records) {
      return Status::Corruption("baseline scan saw " + std::to_string(seen) + " of " +
                                std::to_string(result.records) + " records");
    }
    sink = bytes;
  }
  return result;
}

}  // namespace rexian::bench
