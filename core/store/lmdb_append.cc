// LmdbEventStore: the group-commit writer.
#include <algorithm>

#include "store/append_stats.h"
#include "store/append_validation.h"
#include "store/lmdb_event_store.h"
#include "store/lmdb_util.h"
#include "store/record_codec.h"
#include "store/record_hash.h"
#include "store/stream_index.h"

namespace rexian {
namespace {

constexpr int kMaxGrowAttempts = 16;

}  // namespace

void LmdbEventStore::AppendAsync(AppendRequest request, AppendCallback done) {
  if (options_.read_only) {
    done(AppendResult{Status::PermissionDenied("the event store is open read-only")});
    return;
  }
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (!closing_) {
      queue_.push_back(Pending{std::move(request), std::move(done),
                               std::chrono::steady_clock::now()});
      if (queue_.size() == 1) queue_cv_.notify_one();
      return;
    }
  }
  done(AppendResult{Status::Unavailable("the event store is closing")});
}

void LmdbEventStore::WriterLoop() {
  std::vector<Pending> batch;
  auto last_sync = std::chrono::steady_clock::now();
  bool unsynced = false;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(queue_mu_);
      queue_cv_.wait_for(lock, std::chrono::seconds(1),
                         [&] { return !queue_.empty() || closing_; });
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
    if (!batch.empty()) {
      CommitBatch(&batch);
      batch.clear();
      unsynced = true;
    }
    // Relaxed mode: LMDB does not fsync commits; flush about once a second.
    auto now = std::chrono::steady_clock::now();
    if (options_.durability == Durability::kRelaxed && unsynced &&
        now - last_sync >= std::chrono::seconds(1)) {
      std::shared_lock<std::shared_mutex> lock(env_mu_);
      if (env_ != nullptr) mdb_env_sync(env_, 1);
      last_sync = now;
      unsynced = false;
    }
  }
}

void LmdbEventStore::CommitBatch(std::vector<Pending>* batch) {
  std::vector<AppendResult> results(batch->size());
  Status failure;
  {
    std::lock_guard<std::mutex> writer(write_mu_);
    for (int attempt = 0;; ++attempt) {
      Tail tail = tail_;
      tail.recorded_at_us = std::max(tail.recorded_at_us, NowMicros());
      int rc = 0;
      {
        std::shared_lock<std::shared_mutex> lock(env_mu_);
        lmdb::Txn txn;
        rc = env_ == nullptr ? MDB_PANIC : txn.Begin(env_, 0);
        for (std::size_t i = 0; rc == 0 && i < batch->size(); ++i) {
          results[i] = AppendResult{};
          rc = ApplyAppend(txn.get(), (*batch)[i].request, &tail, &results[i]);
        }
        if (rc == 0) rc = txn.Commit();
      }
      if (rc == 0) {
        tail_ = tail;
        head_.store(tail.head);
        std::lock_guard<std::mutex> lock(stats_mu_);
        ++stats_.batches;
        break;
      }
      if (rc == MDB_MAP_FULL && attempt < kMaxGrowAttempts) {
        failure = GrowMap();
        if (failure.ok()) continue;
        break;
      }
      failure = lmdb::ToStatus(rc, "commit of an append batch");
      if (rc == MDB_PANIC) ReopenEnvironment();
      break;
    }
  }
  if (!failure.ok()) {
    for (AppendResult& r : results) r = AppendResult{failure};
  } else {
    watch_.Advance(head_.load());
  }
  for (std::size_t i = 0; i < batch->size(); ++i) {
    RecordOutcome((*batch)[i], results[i]);
    (*batch)[i].done(std::move(results[i]));
  }
}

int LmdbEventStore::ApplyAppend(MDB_txn* txn, const AppendRequest& request, Tail* tail,
                                AppendResult* result) {
  result->status = ValidateRequest(request);
  if (!result->status.ok()) return 0;

  std::uint64_t current = 0;
  int rc = ReadStreamVersion(txn, streams_, request.stream_id, &current);
  if (rc != 0) return rc;
  const bool matches = ExpectedVersionMatches(request.expected, current);
  // Fast path: claiming the ids is the idempotency check. Only a request that
  // finds an id taken, or that conflicts (a retry's expected version may no
  // longer hold: idempotency wins), looks its ids up.
  bool taken = !matches;
  if (matches) {
    rc = ClaimEventIds(txn, request, tail->head + 1, &taken);
    if (rc != 0) return rc;
  }
  if (taken) {
    bool all_present = false;
    result->status = CheckIdempotency(txn, request, &all_present, result);
    if (!result->status.ok() || all_present) return 0;
    if (matches) {
      // An id reported taken is gone within the same transaction.
      result->status = Status::Corruption("append to '" + request.stream_id +
                                          "': the event id index changed under the writer");
      return 0;
    }
  }
  if (!matches) {
    result->stream_version = current;
    result->status = ConflictStatus(request.stream_id, request.expected, current);
    return 0;
  }

  RecordedEvent record;
  record.stream_id = request.stream_id;
  for (std::size_t i = 0; i < request.events.size(); ++i) {
    const NewEvent& e = request.events[i];
    record.stream_version = current + 1 + i;
    record.event_id = e.event_id;
    record.type = e.type;
    record.schema_version = e.schema_version;
    record.metadata = e.metadata;
    record.payload = e.payload;
    rc = WriteRecord(txn, &record, tail);
    if (rc != 0) return rc;
    if (i == 0) result->first_position = record.position;
  }
  result->last_position = tail->head;
  result->stream_version = current + request.events.size();
  return 0;
}

int LmdbEventStore::WriteRecord(MDB_txn* txn, RecordedEvent* record, Tail* tail) {
  record->position = tail->head + 1;
  record->recorded_at_us = tail->recorded_at_us;
  record->hash = ComputeRecordHash(tail->hash, *record);
  int rc = PutLogAndStream(txn, *record);
  if (rc != 0) return rc;
  tail->head = record->position;
  tail->hash = record->hash;
  return 0;
}

int LmdbEventStore::ClaimEventIds(MDB_txn* txn, const AppendRequest& request,
                                  std::uint64_t first_position, bool* taken) {
  *taken = false;
  for (std::size_t i = 0; i < request.events.size(); ++i) {
    int rc = PutEventId(txn, request.events[i].event_id, first_position + i);
    if (rc != MDB_KEYEXIST) {
      if (rc != 0) return rc;
      continue;
    }
    // Undo this request's claims (all inside this transaction), so the
    // request leaves no trace whatever the slow path decides.
    *taken = true;
    for (std::size_t j = 0; j < i; ++j) {
      MDB_val key = lmdb::Val(request.events[j].event_id);
      rc = mdb_del(txn, event_ids_, &key, nullptr);
      if (rc != 0) return rc;
    }
    return 0;
  }
  return 0;
}

int LmdbEventStore::PutEventId(MDB_txn* txn, std::string_view event_id, std::uint64_t position) {
  MDB_val key = lmdb::Val(event_id), value{sizeof(position), &position};
  return mdb_put(txn, event_ids_, &key, &value, MDB_NOOVERWRITE);
}

int LmdbEventStore::PutRecord(MDB_txn* txn, const RecordedEvent& record) {
  int rc = PutLogAndStream(txn, record);
  if (rc != 0) return rc;
  return PutEventId(txn, record.event_id, record.position);
}

int LmdbEventStore::PutLogAndStream(MDB_txn* txn, const RecordedEvent& record) {
  thread_local std::string encoded;
  EncodeRecord(record, &encoded);
  lmdb::IntKey position(record.position);
  MDB_val key = position.val(), value = lmdb::Val(encoded);
  int rc = mdb_put(txn, log_, &key, &value, MDB_APPEND);
  if (rc != 0) return rc;
  std::string skey = StreamKey(record.stream_id, record.stream_version);
  std::uint64_t pos = record.position;
  MDB_val stream_key = lmdb::Val(skey), pos_value{sizeof(pos), &pos};
  return mdb_put(txn, streams_, &stream_key, &pos_value, MDB_NOOVERWRITE);
}

Status LmdbEventStore::CheckIdempotency(MDB_txn* txn, const AppendRequest& request,
                                        bool* all_present, AppendResult* result) {
  std::size_t present = 0;
  std::vector<std::uint64_t> positions;
  positions.reserve(request.events.size());
  for (const NewEvent& e : request.events) {
    MDB_val key = lmdb::Val(e.event_id), value;
    int rc = mdb_get(txn, event_ids_, &key, &value);
    if (rc == MDB_NOTFOUND) continue;
    if (rc != 0) return lmdb::ToStatus(rc, "look up event id");
    ++present;
    positions.push_back(lmdb::ReadU64(value));
  }
  if (present == 0) return Status::OK();
  if (present < request.events.size()) {
    return Status::InvalidArgument(
        "append to '" + request.stream_id + "': " + std::to_string(present) + " of " +
        std::to_string(request.events.size()) +
        " event ids were already appended; a retry must resend exactly the original events");
  }
  for (std::size_t i = 1; i < positions.size(); ++i) {
    if (positions[i] != positions[0] + i) {
      return Status::InvalidArgument("append to '" + request.stream_id +
                                     "': its event ids were appended by different requests");
    }
  }
  auto read = [&](std::uint64_t position, RecordedEvent* out) -> Status {
    lmdb::IntKey k(position);
    MDB_val key = k.val(), value;
    int rc = mdb_get(txn, log_, &key, &value);
    if (rc != 0) return lmdb::ToStatus(rc, "read position " + std::to_string(position));
    return DecodeRecord(position, lmdb::View(value), out);
  };
  RecordedEvent first, last;
  Status s = read(positions.front(), &first);
  if (s.ok()) s = read(positions.back(), &last);
  if (!s.ok()) return s;
  if (first.stream_id != request.stream_id) {
    return Status::InvalidArgument("event id '" + request.events[0].event_id +
                                   "' was already appended to stream '" + first.stream_id + "'");
  }
  *all_present = true;
  result->duplicate = true;
  result->first_position = first.position;
  result->last_position = last.position;
  result->stream_version = last.stream_version;
  return Status::OK();
}

Status LmdbEventStore::GrowMap() {
  std::unique_lock<std::shared_mutex> lock(env_mu_);
  if (env_ == nullptr) return Status::Unavailable("the event store is closed");
  MDB_envinfo info;
  mdb_env_info(env_, &info);
  constexpr std::size_t kStep = std::size_t{16} << 30;
  std::size_t next = info.me_mapsize < kStep ? info.me_mapsize * 2 : info.me_mapsize + kStep;
  int rc = mdb_env_set_mapsize(env_, next);
  return lmdb::ToStatus(rc, "grow the map to " + std::to_string(next) + " bytes");
}

Status LmdbEventStore::ReopenEnvironment() {
  {
    // Readers see env_ == null, and get Unavailable, until it is back.
    std::unique_lock<std::shared_mutex> lock(env_mu_);
    if (env_ != nullptr) mdb_env_close(env_);
    env_ = nullptr;
  }
  Status s = OpenEnvironment();
  if (!s.ok()) return s;
  return LoadTail();
}

void LmdbEventStore::RecordOutcome(const Pending& p, const AppendResult& r) {
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - p.enqueued).count();
  std::lock_guard<std::mutex> lock(stats_mu_);
  CountAppend(&stats_, r, seconds);
}

}  // namespace rexian
