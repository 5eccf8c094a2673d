// PgEventStore: the group-commit writer.
#include <algorithm>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "store/append_stats.h"
#include "store/append_validation.h"
#include "store/pg_event_store.h"
#include "store/pg_head_listener.h"
#include "store/pg_record_rows.h"
#include "store/record_hash.h"

namespace rexian {
namespace {

// An event id already in the log (or written earlier in this batch).
struct StoredId {
  std::uint64_t position = 0;
  std::string stream_id;
  std::uint64_t stream_version = 0;
};

using StreamVersions = std::unordered_map<std::string, std::uint64_t>;
using StoredIds = std::unordered_map<std::string, StoredId>;

// The current version of each of `streams`, inside the writer's transaction.
Status LoadStreamVersions(pg::Connection* conn, const std::vector<std::string_view>& streams,
                          StreamVersions* out) {
  if (streams.empty()) return Status::OK();
  pg::Params params;
  params.AddTextArray(streams);
  auto r = conn->Exec(
      "SELECT s.id, coalesce((SELECT max(e.stream_version) FROM rexian_events e"
      " WHERE e.stream_id = s.id), 0) FROM unnest($1::text[]) AS s(id)",
      params, "read stream versions");
  if (!r.ok()) return r.status();
  const PGresult* rows = r->get();
  for (int i = 0; i < PQntuples(rows); ++i) {
    (*out)[std::string(pg::GetBytes(rows, i, 0))] =
        static_cast<std::uint64_t>(pg::GetInt64(rows, i, 1));
  }
  return Status::OK();
}

// Which of `ids` are stored already, and where.
Status LoadStoredIds(pg::Connection* conn, const std::vector<std::string_view>& ids,
                     StoredIds* out) {
  if (ids.empty()) return Status::OK();
  pg::Params params;
  params.AddTextArray(ids);
  auto r = conn->Exec(
      "SELECT event_id, position, stream_id, stream_version FROM rexian_events"
      " WHERE event_id = ANY($1::text[])",
      params, "look up event ids");
  if (!r.ok()) return r.status();
  const PGresult* rows = r->get();
  for (int i = 0; i < PQntuples(rows); ++i) {
    (*out)[std::string(pg::GetBytes(rows, i, 0))] = StoredId{
        static_cast<std::uint64_t>(pg::GetInt64(rows, i, 1)), std::string(pg::GetBytes(rows, i, 2)),
        static_cast<std::uint64_t>(pg::GetInt64(rows, i, 3))};
  }
  return Status::OK();
}

// The idempotency rules of the interface, given the request's ids already
// stored: an exact retry is a duplicate with the original positions; any
// other overlap is refused. REQUIRES: !found.empty().
AppendResult DecideRetry(const AppendRequest& request, const std::vector<const StoredId*>& found) {
  AppendResult result;
  if (found.size() < request.events.size()) {
    result.status = Status::InvalidArgument(
        "append to '" + request.stream_id + "': " + std::to_string(found.size()) + " of " +
        std::to_string(request.events.size()) +
        " event ids were already appended; a retry must resend exactly the original events");
    return result;
  }
  for (std::size_t i = 1; i < found.size(); ++i) {
    if (found[i]->position != found[0]->position + i) {
      result.status =
          Status::InvalidArgument("append to '" + request.stream_id +
                                  "': its event ids were appended by different requests");
      return result;
    }
  }
  if (found[0]->stream_id != request.stream_id) {
    result.status =
        Status::InvalidArgument("event id '" + request.events[0].event_id +
                                "' was already appended to stream '" + found[0]->stream_id + "'");
    return result;
  }
  result.duplicate = true;
  result.first_position = found.front()->position;
  result.last_position = found.back()->position;
  result.stream_version = found.back()->stream_version;
  return result;
}

Status CheckRequest(const AppendRequest& request) {
  Status s = ValidateRequest(request);
  if (s.ok()) s = pg::CheckStorableText(request.stream_id);
  for (std::size_t i = 0; s.ok() && i < request.events.size(); ++i) {
    s = pg::CheckStorableText(request.events[i], i);
  }
  return s;
}

}  // namespace

void PgEventStore::AppendAsync(AppendRequest request, AppendCallback done) {
  if (options_.read_only) {
    done(AppendResult{Status::PermissionDenied("the event store is open read-only")});
    return;
  }
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (!closing_) {
      queue_.push_back(
          Pending{std::move(request), std::move(done), std::chrono::steady_clock::now()});
      if (queue_.size() == 1) queue_cv_.notify_one();
      return;
    }
  }
  done(AppendResult{Status::Unavailable("the event store is closing")});
}

void PgEventStore::WriterLoop() {
  std::vector<Pending> batch;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (queue_.empty() && closing_) break;
      std::size_t n = 0, events = 0;
      while (n < queue_.size() &&
             (n == 0 || events + queue_[n].request.events.size() <= options_.max_batch_events)) {
        events += queue_[n].request.events.size();
        ++n;
      }
      if (n == queue_.size()) {
        batch.swap(queue_);
      } else {
        batch.assign(std::make_move_iterator(queue_.begin()),
                     std::make_move_iterator(queue_.begin() + static_cast<std::ptrdiff_t>(n)));
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      }
    }
    CommitBatch(&batch);
    batch.clear();
  }
}

void PgEventStore::CommitBatch(std::vector<Pending>* batch) {
  std::vector<AppendResult> results(batch->size());
  std::uint64_t head = 0;
  Status failure;
  {
    std::lock_guard<std::mutex> writer(write_mu_);
    failure = writer_conn_ ? RunBatch(*batch, &results, &head)
                           : Status::Unavailable("the event store is closed");
  }
  if (!failure.ok()) {
    if (failure.IsUnavailable()) {
      failure = Status::Unavailable(failure.message() +
                                    "; the append may be retried: idempotency by event id makes "
                                    "the retry safe even if this batch did commit");
    }
    for (AppendResult& r : results) r = AppendResult{failure};
  } else {
    {
      std::lock_guard<std::mutex> lock(stats_mu_);
      ++stats_.batches;
    }
    AdvanceHead(head);
  }
  for (std::size_t i = 0; i < batch->size(); ++i) {
    RecordOutcome((*batch)[i], results[i]);
    (*batch)[i].done(std::move(results[i]));
  }
}

Status PgEventStore::RunBatch(const std::vector<Pending>& batch, std::vector<AppendResult>* results,
                              std::uint64_t* head) {
  pg::Connection* conn = writer_conn_.get();
  Status s = conn->EnsureOpen();
  if (!s.ok()) return s;

  // Malformed requests are decided without the database.
  std::vector<bool> valid(batch.size());
  std::vector<std::string_view> streams, ids;
  std::unordered_set<std::string_view> seen_streams;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const AppendRequest& request = batch[i].request;
    (*results)[i] = AppendResult{CheckRequest(request)};
    valid[i] = (*results)[i].status.ok();
    if (!valid[i]) continue;
    if (seen_streams.insert(request.stream_id).second) streams.push_back(request.stream_id);
    for (const NewEvent& e : request.events) ids.push_back(e.event_id);
  }

  Tail tail;
  StreamVersions versions;
  StoredIds stored;
  s = conn->Run("BEGIN", "begin append batch");
  if (s.ok()) s = LockTail(conn, &tail);
  if (s.ok()) s = LoadStreamVersions(conn, streams, &versions);
  if (s.ok()) s = LoadStoredIds(conn, ids, &stored);

  std::vector<RecordedEvent> records;
  tail.recorded_at_us = std::max(tail.recorded_at_us, NowMicros());
  for (std::size_t i = 0; s.ok() && i < batch.size(); ++i) {
    if (!valid[i]) continue;
    const AppendRequest& request = batch[i].request;
    AppendResult& result = (*results)[i];
    std::vector<const StoredId*> found;
    for (const NewEvent& e : request.events) {
      auto it = stored.find(e.event_id);
      if (it != stored.end()) found.push_back(&it->second);
    }
    if (!found.empty()) {
      result = DecideRetry(request, found);  // idempotency wins over the expected version
      continue;
    }
    std::uint64_t& current = versions[request.stream_id];
    if (!ExpectedVersionMatches(request.expected, current)) {
      result.stream_version = current;
      result.status = ConflictStatus(request.stream_id, request.expected, current);
      continue;
    }
    for (std::size_t k = 0; k < request.events.size(); ++k) {
      const NewEvent& e = request.events[k];
      RecordedEvent& record = records.emplace_back();
      record.position = tail.head + 1;
      record.stream_id = request.stream_id;
      record.stream_version = current + 1 + k;
      record.event_id = e.event_id;
      record.type = e.type;
      record.schema_version = e.schema_version;
      record.recorded_at_us = tail.recorded_at_us;
      record.metadata = e.metadata;
      record.payload = e.payload;
      record.hash = ComputeRecordHash(tail.hash, record);
      tail.head = record.position;
      tail.hash = record.hash;
      stored[e.event_id] = StoredId{record.position, record.stream_id, record.stream_version};
    }
    result.first_position = tail.head - request.events.size() + 1;
    result.last_position = tail.head;
    current += request.events.size();
    result.stream_version = current;
  }
  if (s.ok() && !records.empty()) s = WriteRecords(conn, records, tail);
  if (!s.ok()) {
    if (!conn->broken()) conn->Run("ROLLBACK", "roll back append batch");
    return s;
  }
  s = conn->Run("COMMIT", "commit append batch");
  // Without rows of its own the batch's answers (duplicates, conflicts) hold
  // whatever became of the transaction; with rows, a failed COMMIT may still
  // have committed (the connection dropped after the server committed, or a
  // synchronous-replication wait was cancelled): look before answering.
  if (!s.ok() && !records.empty()) s = ResolveCommit(conn, records, s);
  if (!s.ok()) return s;
  *head = tail.head;
  return Status::OK();
}

Status PgEventStore::ResolveCommit(pg::Connection* conn, const std::vector<RecordedEvent>& records,
                                   const Status& commit_error) {
  {
    std::lock_guard<std::mutex> lock(stats_mu_);
    ++stats_.commits_resolved;
  }
  std::vector<std::string_view> ids;
  ids.reserve(records.size());
  for (const RecordedEvent& r : records) ids.push_back(r.event_id);
  pg::Params params;
  params.AddTextArray(ids);
  const auto deadline = std::chrono::steady_clock::now() + kResolveCommitFor;
  Status last = commit_error;
  for (;;) {
    Status open = conn->EnsureOpen();
    if (open.ok()) {
      conn->Run("ROLLBACK", "end the interrupted transaction");  // a no-op if it ended
      auto r = conn->Exec(
          "SELECT event_id, position FROM rexian_events WHERE event_id = ANY($1::text[])", params,
          "look up an interrupted commit");
      if (r.ok()) {
        std::unordered_map<std::string_view, std::uint64_t> found;
        for (int i = 0; i < PQntuples(r->get()); ++i) {
          found[pg::GetBytes(r->get(), i, 0)] =
              static_cast<std::uint64_t>(pg::GetInt64(r->get(), i, 1));
        }
        if (found.empty()) {
          return Status::Unavailable(commit_error.message() +
                                     "; the batch did not commit (looked up after reconnecting)");
        }
        bool ours = found.size() == records.size();
        for (const RecordedEvent& rec : records) {
          auto it = found.find(rec.event_id);
          ours = ours && it != found.end() && it->second == rec.position;
        }
        // Another writer's retry may have stored these ids meanwhile: the
        // caller's own retry then gets their real positions (duplicate).
        if (ours) return Status::OK();
        return Status::Unavailable(commit_error.message() +
                                   "; the batch's events were found at other positions");
      }
      last = r.status();
    } else {
      last = open;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return Status::Unavailable(commit_error.message() + "; its outcome could not be looked up (" +
                                 last.message() + ") and is unknown");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

Status PgEventStore::LockTail(pg::Connection* conn, Tail* tail) {
  auto r = conn->Exec("SELECT position, hash, recorded_at_us FROM rexian_head FOR UPDATE",
                      pg::Params(), "lock the log head");
  if (!r.ok()) return r.status();
  if (PQntuples(r->get()) != 1) {
    return Status::Corruption("PostgreSQL: rexian_head does not hold exactly one row");
  }
  tail->head = static_cast<std::uint64_t>(pg::GetInt64(r->get(), 0, 0));
  tail->hash.assign(pg::GetBytes(r->get(), 0, 1));
  tail->recorded_at_us = pg::GetInt64(r->get(), 0, 2);
  return Status::OK();
}

Status PgEventStore::WriteRecords(pg::Connection* conn, const std::vector<RecordedEvent>& records,
                                  const Tail& tail) {
  thread_local std::string copy;
  copy.clear();
  pg::AppendCopyHeader(&copy);
  for (const RecordedEvent& r : records) pg::AppendCopyRow(r, &copy);
  pg::AppendCopyTrailer(&copy);
  Status s = conn->CopyIn(pg::kCopyRecords, copy, "write events");
  if (!s.ok()) return s;
  pg::Params params;
  params.AddInt64(static_cast<std::int64_t>(tail.head));
  params.AddBytes(tail.hash);
  params.AddInt64(tail.recorded_at_us);
  // The notification is delivered at COMMIT, to every listening process.
  auto r = conn->Exec(
      "WITH moved AS (UPDATE rexian_head SET position = $1, hash = $2, recorded_at_us = $3"
      " RETURNING position) SELECT pg_notify('rexian_log', position::text) FROM moved",
      params, "move the log head");
  return r.status();
}

void PgEventStore::RecordOutcome(const Pending& p, const AppendResult& r) {
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - p.enqueued).count();
  std::lock_guard<std::mutex> lock(stats_mu_);
  CountAppend(&stats_, r, seconds);
}

}  // namespace rexian
