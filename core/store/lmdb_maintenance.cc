// LmdbEventStore: verify, import and hot backup.
#include <filesystem>

#include "store/lmdb_event_store.h"
#include "store/lmdb_util.h"
#include "store/record_codec.h"
#include "store/record_hash.h"
#include "store/stream_index.h"

namespace rexian {
namespace {

constexpr int kMaxGrowAttempts = 16;

Status BadAt(std::uint64_t position, const std::string& what) {
  return Status::Corruption("first bad position " + std::to_string(position) + ": " + what);
}

// Looks up `key` in `dbi`; true and the u64 value when present.
bool GetU64(MDB_txn* txn, MDB_dbi dbi, std::string_view key, std::uint64_t* out) {
  MDB_val k = lmdb::Val(key), v;
  if (mdb_get(txn, dbi, &k, &v) != 0) return false;
  *out = lmdb::ReadU64(v);
  return true;
}

}  // namespace

Status LmdbEventStore::Verify(const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  ReadTxn rt(this);
  Status s = rt.Begin();
  if (!s.ok()) return s;
  MDB_txn* txn = rt.get();
  MDB_stat log_stat, streams_stat, ids_stat;
  mdb_stat(txn, log_, &log_stat);
  mdb_stat(txn, streams_, &streams_stat);
  mdb_stat(txn, event_ids_, &ids_stat);
  const std::uint64_t total = log_stat.ms_entries;

  lmdb::Cursor cursor;
  int rc = cursor.Open(txn, log_);
  MDB_val key, value;
  if (rc == 0) rc = cursor.Get(&key, &value, MDB_FIRST);
  std::string previous_hash = GenesisHash();
  std::uint64_t expected_position = 1;
  RecordedEvent record;
  while (rc == 0) {
    std::uint64_t position = lmdb::ReadU64(key);
    if (position != expected_position) {
      return BadAt(expected_position, "missing from the log (next stored position is " +
                                          std::to_string(position) + ")");
    }
    s = DecodeRecord(position, lmdb::View(value), &record);
    if (!s.ok()) return BadAt(position, s.message());
    if (ComputeRecordHash(previous_hash, record) != record.hash) {
      return BadAt(position, "hash does not match the record and its predecessor "
                             "(record altered, or the chain broken)");
    }
    std::uint64_t indexed = 0;
    if (!GetU64(txn, streams_, StreamKey(record.stream_id, record.stream_version), &indexed) ||
        indexed != position) {
      return BadAt(position, "stream index has no entry for '" + record.stream_id + "' version " +
                                 std::to_string(record.stream_version) + " pointing here");
    }
    if (record.stream_version > 1 &&
        (!GetU64(txn, streams_, StreamKey(record.stream_id, record.stream_version - 1),
                 &indexed) ||
         indexed >= position)) {
      return BadAt(position, "stream '" + record.stream_id + "' version " +
                                 std::to_string(record.stream_version) +
                                 " has no earlier predecessor");
    }
    if (!GetU64(txn, event_ids_, record.event_id, &indexed) || indexed != position) {
      return BadAt(position, "event id index has no entry for '" + record.event_id + "'");
    }
    previous_hash = record.hash;
    ++expected_position;
    if (progress && (position & 0xffff) == 0) progress(position, total);
    rc = cursor.Get(&key, &value, MDB_NEXT);
  }
  if (rc != MDB_NOTFOUND) return lmdb::ToStatus(rc, "read log");
  const std::uint64_t records = expected_position - 1;
  if (streams_stat.ms_entries != records) {
    return Status::Corruption("stream index has " + std::to_string(streams_stat.ms_entries) +
                              " entries for " + std::to_string(records) + " records");
  }
  if (ids_stat.ms_entries != records) {
    return Status::Corruption("event id index has " + std::to_string(ids_stat.ms_entries) +
                              " entries for " + std::to_string(records) + " records");
  }
  if (progress) progress(records, total);
  return Status::OK();
}

Status LmdbEventStore::Import(const std::vector<RecordedEvent>& records) {
  if (options_.read_only) return Status::PermissionDenied("the event store is open read-only");
  if (records.empty()) return Status::OK();
  std::lock_guard<std::mutex> writer(write_mu_);
  // Check the chain before touching the store.
  std::string previous = tail_.hash;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const RecordedEvent& r = records[i];
    if (r.position != tail_.head + 1 + i) {
      return Status::InvalidArgument("import: record " + std::to_string(i) + " has position " +
                                     std::to_string(r.position) + ", expected " +
                                     std::to_string(tail_.head + 1 + i));
    }
    if (ComputeRecordHash(previous, r) != r.hash) {
      return Status::Corruption("import: position " + std::to_string(r.position) +
                                ": hash does not chain from the previous record");
    }
    previous = r.hash;
  }
  for (int attempt = 0;; ++attempt) {
    int rc = 0;
    Status refused;
    {
      std::shared_lock<std::shared_mutex> lock(env_mu_);
      lmdb::Txn txn;
      rc = env_ == nullptr ? MDB_PANIC : txn.Begin(env_, 0);
      for (std::size_t i = 0; rc == 0 && i < records.size(); ++i) {
        const RecordedEvent& r = records[i];
        std::uint64_t current = 0;
        rc = ReadStreamVersion(txn.get(), streams_, r.stream_id, &current);
        if (rc != 0) break;
        std::uint64_t existing = 0;
        if (GetU64(txn.get(), event_ids_, r.event_id, &existing)) {
          refused = Status::InvalidArgument("import: position " + std::to_string(r.position) +
                                            ": event id '" + r.event_id + "' already stored");
          break;
        }
        if (r.stream_version != current + 1) {
          refused = Status::InvalidArgument(
              "import: position " + std::to_string(r.position) + ": stream '" + r.stream_id +
              "' version " + std::to_string(r.stream_version) + " does not follow " +
              std::to_string(current));
          break;
        }
        rc = PutRecord(txn.get(), r);
      }
      if (!refused.ok()) return refused;
      if (rc == 0) rc = txn.Commit();
    }
    if (rc == MDB_MAP_FULL && attempt < kMaxGrowAttempts) {
      Status g = GrowMap();
      if (!g.ok()) return g;
      continue;
    }
    if (rc != 0) return lmdb::ToStatus(rc, "import commit");
    break;
  }
  const RecordedEvent& last = records.back();
  tail_ = Tail{last.position, last.hash, std::max(tail_.recorded_at_us, last.recorded_at_us)};
  head_.store(last.position);
  watch_.Advance(last.position);
  return Status::OK();
}

Status LmdbEventStore::Backup(const std::string& dest_dir) {
  std::error_code ec;
  std::filesystem::create_directories(dest_dir, ec);
  if (ec) return Status::IoError("backup: cannot create '" + dest_dir + "': " + ec.message());
  if (!std::filesystem::is_empty(dest_dir, ec)) {
    return Status::InvalidArgument("backup: destination '" + dest_dir + "' is not empty");
  }
  std::shared_lock<std::shared_mutex> lock(env_mu_);
  if (env_ == nullptr) return Status::Unavailable("the event store is closed");
  // A compacting copy runs inside one read transaction: a consistent
  // snapshot while appends go on.
  int rc = mdb_env_copy2(env_, dest_dir.c_str(), MDB_CP_COMPACT);
  return lmdb::ToStatus(rc, "backup to '" + dest_dir + "'");
}

}  // namespace rexian
