// EventStore: the append-only log every rexian change is written to.
//
// This is the raw, backend-neutral store: it assigns positions, enforces
// expected versions and idempotency, chains hashes and makes appends durable.
// Schema validation and personal-data encryption sit one layer up, in
// EventLog (rexian/event_log.h); every production write goes through there.
// No backend type, handle or error code appears in this header.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rexian/status.h"

namespace rexian {

// An event as the caller hands it to Append.
struct NewEvent {
  std::string event_id;         // idempotency key, unique across the whole log
  std::string type;             // e.g. "ticket.opened"
  std::uint32_t schema_version = 1;
  std::string metadata = "{}";  // JSON object: channel, actor, correlation...
  std::string payload = "{}";   // JSON object, as stored (PII already sealed)
};

// An event as stored: the envelope of DESIGN.md plus the chain hash.
struct RecordedEvent {
  std::uint64_t position = 0;        // global, from 1, gap-free, commit order
  std::string stream_id;             // e.g. "ticket-3203-2025-000001"
  std::uint64_t stream_version = 0;  // from 1 within the stream
  std::string event_id;
  std::string type;
  std::uint32_t schema_version = 1;
  std::int64_t recorded_at_us = 0;   // UTC, microseconds since the Unix epoch
  std::string metadata;
  std::string payload;
  std::string hash;                  // SHA-256, 32 raw bytes, see record_hash.h
};

// The stream version an append expects to find.
struct ExpectedVersion {
  enum class Kind : std::uint8_t { kAny, kNoStream, kExact };
  Kind kind = Kind::kAny;
  std::uint64_t version = 0;  // meaningful for kExact only

  static ExpectedVersion Any() { return {Kind::kAny, 0}; }
  static ExpectedVersion NoStream() { return {Kind::kNoStream, 0}; }
  // REQUIRES: version >= 1 (use NoStream() for an empty stream).
  static ExpectedVersion Exact(std::uint64_t version) { return {Kind::kExact, version}; }
};

// One atomic append: every event lands in `stream_id`, or none does.
struct AppendRequest {
  std::string stream_id;
  ExpectedVersion expected;
  std::vector<NewEvent> events;  // REQUIRES: non-empty
};

// The outcome of an append.
//  - OK: the events are durable at [first_position, last_position]; the
//    stream's version is now `stream_version`. `duplicate` is true when every
//    event id was already stored by an earlier identical append: nothing new
//    was written and the original positions are returned.
//  - Conflict: the expected version did not match; `stream_version` carries
//    the stream's actual version (0 = no such stream). Nothing was written.
//  - InvalidArgument: malformed request (empty, bad ids, an event id already
//    used in another stream or a partial overlap with an earlier append).
//  - NoSpace / IoError / Unavailable: nothing of this request was written;
//    the store stays consistent and the caller may retry.
struct AppendResult {
  Status status;
  std::uint64_t first_position = 0;
  std::uint64_t last_position = 0;
  std::uint64_t stream_version = 0;
  bool duplicate = false;
};

// Called once per AppendAsync, on the store's writer thread, after the
// request's batch is durable (or has failed). It must not block and must not
// call Append on the same store synchronously.
using AppendCallback = std::function<void(AppendResult)>;

// Visits records in order; return false to stop early.
using RecordVisitor = std::function<bool(const RecordedEvent&)>;

// A live subscription. Destroying it (or calling Stop) stops delivery and
// waits until the handler is no longer running.
class Subscription {
 public:
  virtual ~Subscription() = default;
  Subscription() = default;
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

  // Stops delivery. Blocks until the handler has returned. Idempotent.
  // Must not be called from inside the handler.
  virtual void Stop() = 0;

  // OK while running or after a clean Stop; the error that ended the
  // subscription otherwise (e.g. a corrupt record).
  virtual Status status() const = 0;
};

// Counters a store keeps for /metrics.
struct StoreStats {
  std::uint64_t appends = 0;         // successful append requests
  std::uint64_t events_appended = 0;
  std::uint64_t batches = 0;         // durable transactions committed
  std::uint64_t conflicts = 0;
  std::uint64_t failed_appends = 0;  // I/O, no-space and other failures
  // PostgreSQL: batches whose COMMIT got no clear answer (the connection
  // dropped) and whose outcome was looked up before answering the callers.
  std::uint64_t commits_resolved = 0;
  std::uint64_t head_position = 0;
  std::uint64_t size_bytes = 0;      // on-disk size of the log
  // Append latency (enqueue to durable) histogram; bucket upper bounds in
  // seconds are kLatencyBuckets, the last bucket is +Inf.
  static constexpr double kLatencyBuckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                               0.025,  0.05,  0.1,    0.25,  1.0};
  std::uint64_t latency_counts[std::size(kLatencyBuckets) + 1] = {};
  double latency_sum_seconds = 0;
};

// The store. Thread-safe: every method may be called from any thread.
class EventStore {
 public:
  virtual ~EventStore() = default;
  EventStore() = default;
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Queues an atomic append; `done` runs once the batch holding it is durable
  // (or failed). Appends from many threads are group-committed together.
  virtual void AppendAsync(AppendRequest request, AppendCallback done) = 0;

  // Blocking append: returns once durable (or failed).
  AppendResult Append(AppendRequest request);

  // Reads up to `max_count` events of `stream_id` with version >= from_version,
  // in version order, into `out` (appended). An unknown stream reads as empty.
  virtual Status ReadStream(std::string_view stream_id, std::uint64_t from_version,
                            std::size_t max_count, std::vector<RecordedEvent>* out) = 0;

  // Visits up to `max_count` events of the whole log with position >=
  // from_position, in position order. Stops early if the visitor returns false.
  virtual Status ReadAll(std::uint64_t from_position, std::size_t max_count,
                         const RecordVisitor& visitor) = 0;

  // Convenience over the visitor form: appends the events to `out`.
  Status ReadAll(std::uint64_t from_position, std::size_t max_count,
                 std::vector<RecordedEvent>* out);

  // Delivers every event with position >= from_position, in order, first
  // those already stored, then live ones as they commit: no gap and no
  // duplicate across the switch. The handler runs on a thread owned by the
  // subscription, one call at a time; returning false ends the subscription.
  virtual Result<std::unique_ptr<Subscription>> Subscribe(std::uint64_t from_position,
                                                          RecordVisitor handler) = 0;

  // The position of the last durable event (0 when the log is empty).
  virtual std::uint64_t HeadPosition() = 0;

  // The current version of a stream (0 when it does not exist).
  virtual Result<std::uint64_t> StreamVersion(std::string_view stream_id) = 0;

  // Looks up one event by global position. NotFound past the head.
  virtual Result<RecordedEvent> ReadAt(std::uint64_t position) = 0;

  // The position of the event with this id; NotFound if none. Lets a caller
  // find what an earlier, idempotent append produced.
  virtual Result<std::uint64_t> PositionOf(std::string_view event_id) = 0;

  // Appends already-recorded events verbatim (position, recorded-at, hash),
  // for `rexian import`. REQUIRES: records start at HeadPosition() + 1 and are
  // consecutive; each hash must chain from the previous record, or the whole
  // batch is rejected with Corruption. Not idempotent: importing into a
  // non-empty store fails unless the positions continue the log.
  virtual Status Import(const std::vector<RecordedEvent>& records) = 0;

  // Snapshot of the counters.
  virtual StoreStats Stats() = 0;

  // Checks the whole log: hash chain, stream index, event-id index. Returns
  // OK or Corruption naming the first bad position. `progress` (may be empty)
  // is called now and then with (checked, total).
  virtual Status Verify(const std::function<void(std::uint64_t, std::uint64_t)>& progress) = 0;

  // Writes a consistent copy of the store into the empty directory `dest_dir`
  // while appends continue.
  virtual Status Backup(const std::string& dest_dir) = 0;

  // Stops accepting appends, finishes queued ones, stops subscriptions.
  // Called by the destructor; idempotent.
  virtual void Close() = 0;
};

// How durable an acknowledged append is.
enum class Durability : std::uint8_t {
  kFsync,    // every batch is fsync'ed before it is acknowledged (default)
  kRelaxed,  // the OS writes batches back later: survives a crash of rexian,
             // but an OS crash or power loss may lose the last ~second
};

// Options of the embedded LMDB backend.
struct LmdbStoreOptions {
  std::string path;                              // directory; created if missing
  Durability durability = Durability::kFsync;
  std::uint64_t initial_map_bytes = 1ull << 30;  // grows by itself when full
  std::size_t max_batch_events = 20000;          // group-commit batch cap
  bool read_only = false;                        // open for reading only
};

// Opens (creating if needed) an LMDB event store. Fails with Unsupported if
// the directory holds a newer or unknown store format, IoError if it cannot
// be opened.
Result<std::unique_ptr<EventStore>> OpenLmdbEventStore(const LmdbStoreOptions& options);

// Options of the PostgreSQL backend (PostgreSQL 12 or later, no extensions).
struct PgStoreOptions {
  // libpq connection string, keyword=value or URI. A multi-host string with
  // target_session_attrs=read-write follows the primary across a failover.
  // The database must be UTF8-encoded; rexian creates and migrates its tables.
  std::string dsn;
  std::size_t max_batch_events = 20000;  // group-commit batch cap
  std::size_t reader_connections = 4;    // pooled connections for reads
  bool read_only = false;                // refuse appends; no writer thread
};

// Opens (creating or migrating the tables if needed) a PostgreSQL event
// store. Several processes may open the same database: they share one log,
// with positions still gap-free and visible in commit order. Fails with
// Unavailable if the server cannot be reached, Unsupported if the database's
// rexian schema is newer than this build or the database is not UTF8.
// Durability is the server's (synchronous_commit); Backup is Unsupported
// (use pg_basebackup or pg_dump). Lost connections are re-established by
// themselves; appends in flight then fail with Unavailable and may be
// retried safely (idempotency by event id).
Result<std::unique_ptr<EventStore>> OpenPgEventStore(const PgStoreOptions& options);

}  // namespace rexian
