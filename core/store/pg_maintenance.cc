// PgEventStore: verify, import, and why there is no built-in backup.
#include <unordered_map>
#include <unordered_set>

#include "store/pg_event_store.h"
#include "store/pg_record_rows.h"
#include "store/record_hash.h"

namespace rexian {
namespace {

constexpr int kVerifyChunk = 10000;

Status BadAt(std::uint64_t position, const std::string& what) {
  return Status::Corruption("first bad position " + std::to_string(position) + ": " + what);
}

// Reads the first integer of the only row of `sql`.
Result<std::int64_t> QueryInt64(pg::Connection* conn, const char* sql, std::string_view what) {
  auto r = conn->Exec(sql, pg::Params(), what);
  if (!r.ok()) return r.status();
  if (PQntuples(r->get()) != 1)
    return Status::Corruption("PostgreSQL: " + std::string(what) + ": no row");
  return pg::GetInt64(r->get(), 0, 0);
}

}  // namespace

Status PgEventStore::Verify(const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  auto lease = readers_.Acquire();
  if (!lease.ok()) return lease.status();
  pg::Connection* conn = lease->get();
  // One snapshot for the whole check, while appends go on.
  Status s = conn->Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "begin verify");
  if (!s.ok()) return s;
  auto finish = [&](Status result) {
    conn->Run("ROLLBACK", "end verify");
    return result;
  };
  auto head = QueryInt64(conn, "SELECT position FROM rexian_head", "read the log head");
  if (!head.ok()) return finish(head.status());
  const auto total = static_cast<std::uint64_t>(*head);

  static const std::string kChunk = std::string("SELECT ") + pg::kRecordColumns +
                                    " FROM rexian_events WHERE position >= $1"
                                    " ORDER BY position LIMIT $2";
  std::unordered_map<std::string, std::uint64_t> stream_versions;
  std::string previous_hash = GenesisHash();
  std::uint64_t expected_position = 1;
  RecordedEvent record;
  for (;;) {
    pg::Params params;
    params.AddInt64(static_cast<std::int64_t>(expected_position));
    params.AddInt64(kVerifyChunk);
    auto r = conn->Exec(kChunk.c_str(), params, "read log");
    if (!r.ok()) return finish(r.status());
    const int rows = PQntuples(r->get());
    for (int i = 0; i < rows; ++i) {
      pg::RecordFromRow(r->get(), i, &record);
      const std::uint64_t position = record.position;
      if (position != expected_position) {
        return finish(BadAt(expected_position, "missing from the log (next stored position is " +
                                                   std::to_string(position) + ")"));
      }
      if (ComputeRecordHash(previous_hash, record) != record.hash) {
        return finish(BadAt(position,
                            "hash does not match the record and its predecessor "
                            "(record altered, or the chain broken)"));
      }
      std::uint64_t& version = stream_versions[record.stream_id];
      if (record.stream_version != version + 1) {
        return finish(BadAt(position, "stream '" + record.stream_id + "' version " +
                                          std::to_string(record.stream_version) +
                                          " does not follow version " + std::to_string(version)));
      }
      version = record.stream_version;
      previous_hash = record.hash;
      ++expected_position;
      if (progress && (position & 0xffff) == 0) progress(position, total);
    }
    if (rows < kVerifyChunk) break;
  }
  const std::uint64_t records = expected_position - 1;
  if (records != total) {
    return finish(Status::Corruption("the head row says the log ends at " + std::to_string(total) +
                                     ", but its last record is at " + std::to_string(records)));
  }
  auto tail_hash = conn->Exec("SELECT hash FROM rexian_head", pg::Params(), "read the head hash");
  if (!tail_hash.ok()) return finish(tail_hash.status());
  if (pg::GetBytes(tail_hash->get(), 0, 0) != previous_hash) {
    return finish(Status::Corruption("the head row's hash is not the hash of the last record"));
  }
  if (progress) progress(records, total);
  return finish(Status::OK());
}

Status PgEventStore::Import(const std::vector<RecordedEvent>& records) {
  if (options_.read_only) return Status::PermissionDenied("the event store is open read-only");
  if (records.empty()) return Status::OK();
  std::lock_guard<std::mutex> writer(write_mu_);
  if (!writer_conn_) return Status::Unavailable("the event store is closed");
  pg::Connection* conn = writer_conn_.get();
  Status s = conn->EnsureOpen();
  if (s.ok()) s = conn->Run("BEGIN", "begin import");
  if (!s.ok()) return s;
  auto fail = [&](Status result) {
    if (!conn->broken()) conn->Run("ROLLBACK", "roll back import");
    return result;
  };
  Tail tail;
  s = LockTail(conn, &tail);
  if (!s.ok()) return fail(s);
  // Check positions and the chain before touching the log.
  std::string previous = tail.hash;
  std::vector<std::string_view> ids, streams;
  std::unordered_set<std::string_view> seen_streams;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const RecordedEvent& r = records[i];
    if (r.position != tail.head + 1 + i) {
      return fail(Status::InvalidArgument("import: record " + std::to_string(i) + " has position " +
                                          std::to_string(r.position) + ", expected " +
                                          std::to_string(tail.head + 1 + i)));
    }
    if (ComputeRecordHash(previous, r) != r.hash) {
      return fail(Status::Corruption("import: position " + std::to_string(r.position) +
                                     ": hash does not chain from the previous record"));
    }
    previous = r.hash;
    ids.push_back(r.event_id);
    if (seen_streams.insert(r.stream_id).second) streams.push_back(r.stream_id);
  }
  pg::Params id_params;
  id_params.AddTextArray(ids);
  auto taken = conn->Exec("SELECT event_id FROM rexian_events WHERE event_id = ANY($1::text[])",
                          id_params, "look up event ids");
  if (!taken.ok()) return fail(taken.status());
  std::unordered_set<std::string> stored;
  for (int i = 0; i < PQntuples(taken->get()); ++i)
    stored.emplace(pg::GetBytes(taken->get(), i, 0));
  pg::Params stream_params;
  stream_params.AddTextArray(streams);
  auto current = conn->Exec(
      "SELECT s.id, coalesce((SELECT max(e.stream_version) FROM rexian_events e"
      " WHERE e.stream_id = s.id), 0) FROM unnest($1::text[]) AS s(id)",
      stream_params, "read stream versions");
  if (!current.ok()) return fail(current.status());
  std::unordered_map<std::string, std::uint64_t> versions;
  for (int i = 0; i < PQntuples(current->get()); ++i) {
    versions[std::string(pg::GetBytes(current->get(), i, 0))] =
        static_cast<std::uint64_t>(pg::GetInt64(current->get(), i, 1));
  }
  for (const RecordedEvent& r : records) {
    if (!stored.insert(r.event_id).second) {
      return fail(Status::InvalidArgument("import: position " + std::to_string(r.position) +
                                          ": event id '" + r.event_id + "' already stored"));
    }
    std::uint64_t& version = versions[r.stream_id];
    if (r.stream_version != version + 1) {
      return fail(Status::InvalidArgument("import: position " + std::to_string(r.position) +
                                          ": stream '" + r.stream_id + "' version " +
                                          std::to_string(r.stream_version) + " does not follow " +
                                          std::to_string(version)));
    }
    version = r.stream_version;
  }
  const RecordedEvent& last = records.back();
  Tail moved{last.position, last.hash, std::max(tail.recorded_at_us, last.recorded_at_us)};
  s = WriteRecords(conn, records, moved);
  if (s.ok()) s = conn->Run("COMMIT", "commit import");
  if (!s.ok()) return fail(s);
  AdvanceHead(last.position);
  return Status::OK();
}

Status PgEventStore::Backup(const std::string& dest_dir) {
  return Status::Unsupported(
      "backup to '" + dest_dir +
      "': the PostgreSQL backend has no file copy of its own; back the database up with "
      "pg_basebackup (physical, plus WAL archiving for point-in-time recovery) or "
      "pg_dump --table='rexian_*' (logical); see docs/operations-cluster.md");
}

}  // namespace rexian
