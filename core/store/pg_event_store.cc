// PgEventStore: opening, reads, subscriptions, stats, close.
#include "store/pg_event_store.h"

#include <limits>

#include "store/append_validation.h"
#include "store/pg_record_rows.h"
#include "store/pg_schema.h"

namespace rexian {
namespace {

constexpr std::size_t kRowsPerQuery = 2000;
// HeadPosition reads the head row at most this often; in between, this
// process's commits and the LISTEN connection keep the cached head current.
constexpr std::int64_t kHeadRefreshMicros = 50'000;

std::int64_t ClampCount(std::size_t n) {
  return n > static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max())
             ? std::numeric_limits<std::int64_t>::max()
             : static_cast<std::int64_t>(n);
}

// Decodes every row of a kRecordColumns result into `out` (appended).
void AppendRows(const PGresult* rows, std::vector<RecordedEvent>* out) {
  const int n = PQntuples(rows);
  out->reserve(out->size() + static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) pg::RecordFromRow(rows, i, &out->emplace_back());
}

}  // namespace

Result<std::unique_ptr<EventStore>> OpenPgEventStore(const PgStoreOptions& options) {
  return PgEventStore::Open(options);
}

PgEventStore::PgEventStore(const PgStoreOptions& options)
    : options_(options),
      readers_(options.dsn, options.reader_connections),
      listener_(options.dsn, [this](std::uint64_t head) { AdvanceHead(head); }) {}

Result<std::unique_ptr<EventStore>> PgEventStore::Open(const PgStoreOptions& options) {
  if (options.dsn.empty()) return Status::InvalidArgument("store.dsn: must not be empty");
  std::unique_ptr<PgEventStore> store(new PgEventStore(options));
  auto conn = pg::Connection::Open(options.dsn);
  if (!conn.ok()) return conn.status();
  Status s = pg::MigrateSchema(conn->get());
  if (!s.ok()) return s;
  store->writer_conn_ = std::move(conn).value();
  auto r = store->writer_conn_->Exec("SELECT position FROM rexian_head", pg::Params(),
                                     "read the log head");
  if (!r.ok()) return r.status();
  if (PQntuples(r->get()) != 1) {
    return Status::Corruption("PostgreSQL: rexian_head does not hold exactly one row");
  }
  store->AdvanceHead(static_cast<std::uint64_t>(pg::GetInt64(r->get(), 0, 0)));
  store->head_checked_us_.store(NowMicros());
  store->listener_.Start();
  if (!options.read_only) store->writer_ = std::thread([raw = store.get()] { raw->WriterLoop(); });
  return std::unique_ptr<EventStore>(std::move(store));
}

PgEventStore::~PgEventStore() { Close(); }

void PgEventStore::Close() {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    closing_ = true;
  }
  queue_cv_.notify_all();
  if (writer_.joinable()) writer_.join();  // drains the queue first
  subscriptions_.StopAll();
  listener_.Stop();
  readers_.Close();
  std::lock_guard<std::mutex> lock(write_mu_);
  writer_conn_.reset();
}

void PgEventStore::AdvanceHead(std::uint64_t head) {
  std::uint64_t seen = head_.load();
  while (head > seen && !head_.compare_exchange_weak(seen, head)) {
  }
  watch_.Advance(head);
}

Status PgEventStore::ReadStream(std::string_view stream_id, std::uint64_t from_version,
                                std::size_t max_count, std::vector<RecordedEvent>* out) {
  if (max_count == 0) return Status::OK();
  const std::size_t before = out->size();
  return pg::WithConnection(&readers_, [&](pg::Connection* conn) {
    out->resize(before);
    pg::Params params;
    params.AddBytes(stream_id);
    params.AddInt64(static_cast<std::int64_t>(from_version));
    params.AddInt64(ClampCount(max_count));
    auto r = conn->Exec((std::string("SELECT ") + pg::kRecordColumns +
                         " FROM rexian_events WHERE stream_id = $1 AND stream_version >= $2"
                         " ORDER BY stream_version LIMIT $3")
                            .c_str(),
                        params, "read stream");
    if (!r.ok()) return r.status();
    AppendRows(r->get(), out);
    return Status::OK();
  });
}

Status PgEventStore::ReadAll(std::uint64_t from_position, std::size_t max_count,
                             const RecordVisitor& visitor) {
  static const std::string kQuery = std::string("SELECT ") + pg::kRecordColumns +
                                    " FROM rexian_events WHERE position >= $1"
                                    " ORDER BY position LIMIT $2";
  std::uint64_t next = from_position == 0 ? 1 : from_position;
  std::size_t delivered = 0;
  std::vector<RecordedEvent> chunk;
  while (delivered < max_count) {
    const std::size_t want = std::min(kRowsPerQuery, max_count - delivered);
    // The chunk is copied out and the connection returned before visiting:
    // a visitor may call the store again.
    Status s = pg::WithConnection(&readers_, [&](pg::Connection* conn) {
      chunk.clear();
      pg::Params params;
      params.AddInt64(static_cast<std::int64_t>(next));
      params.AddInt64(static_cast<std::int64_t>(want));
      auto r = conn->Exec(kQuery.c_str(), params, "read log");
      if (!r.ok()) return r.status();
      AppendRows(r->get(), &chunk);
      return Status::OK();
    });
    if (!s.ok()) return s;
    for (const RecordedEvent& e : chunk) {
      next = e.position + 1;
      ++delivered;
      if (!visitor(e)) return Status::OK();
    }
    if (chunk.size() < want) return Status::OK();
  }
  return Status::OK();
}

Result<std::unique_ptr<Subscription>> PgEventStore::Subscribe(std::uint64_t from_position,
                                                              RecordVisitor handler) {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (closing_) return Status::Unavailable("the event store is closed");
  }
  return std::unique_ptr<Subscription>(
      new PollingSubscription(this, &watch_, &subscriptions_, from_position, std::move(handler)));
}

std::uint64_t PgEventStore::HeadPosition() {
  const std::int64_t now = NowMicros();
  std::int64_t checked = head_checked_us_.load();
  if (now - checked >= kHeadRefreshMicros &&
      head_checked_us_.compare_exchange_strong(checked, now)) {
    pg::WithConnection(&readers_, [&](pg::Connection* conn) {
      auto r = conn->Exec("SELECT position FROM rexian_head", pg::Params(), "read the log head");
      if (!r.ok()) return r.status();
      if (PQntuples(r->get()) == 1) {
        AdvanceHead(static_cast<std::uint64_t>(pg::GetInt64(r->get(), 0, 0)));
      }
      return Status::OK();
    });
  }
  return head_.load();
}

Result<std::uint64_t> PgEventStore::StreamVersion(std::string_view stream_id) {
  std::uint64_t version = 0;
  Status s = pg::WithConnection(&readers_, [&](pg::Connection* conn) {
    pg::Params params;
    params.AddBytes(stream_id);
    auto r = conn->Exec(
        "SELECT coalesce(max(stream_version), 0) FROM rexian_events WHERE stream_id = $1", params,
        "read stream version");
    if (!r.ok()) return r.status();
    version = static_cast<std::uint64_t>(pg::GetInt64(r->get(), 0, 0));
    return Status::OK();
  });
  if (!s.ok()) return s;
  return version;
}

Result<RecordedEvent> PgEventStore::ReadAt(std::uint64_t position) {
  std::vector<RecordedEvent> found;
  Status s = pg::WithConnection(&readers_, [&](pg::Connection* conn) {
    found.clear();
    pg::Params params;
    params.AddInt64(static_cast<std::int64_t>(position));
    auto r = conn->Exec(
        (std::string("SELECT ") + pg::kRecordColumns + " FROM rexian_events WHERE position = $1")
            .c_str(),
        params, "read position " + std::to_string(position));
    if (!r.ok()) return r.status();
    AppendRows(r->get(), &found);
    return Status::OK();
  });
  if (!s.ok()) return s;
  if (found.empty()) return Status::NotFound("no event at position " + std::to_string(position));
  return std::move(found.front());
}

Result<std::uint64_t> PgEventStore::PositionOf(std::string_view event_id) {
  std::int64_t position = -1;
  Status s = pg::WithConnection(&readers_, [&](pg::Connection* conn) {
    pg::Params params;
    params.AddBytes(event_id);
    auto r = conn->Exec("SELECT position FROM rexian_events WHERE event_id = $1", params,
                        "look up event id");
    if (!r.ok()) return r.status();
    position = PQntuples(r->get()) == 1 ? pg::GetInt64(r->get(), 0, 0) : -1;
    return Status::OK();
  });
  if (!s.ok()) return s;
  if (position < 0) return Status::NotFound("no event with id '" + std::string(event_id) + "'");
  return static_cast<std::uint64_t>(position);
}

StoreStats PgEventStore::Stats() {
  StoreStats out;
  {
    std::lock_guard<std::mutex> lock(stats_mu_);
    out = stats_;
  }
  out.head_position = HeadPosition();
  pg::WithConnection(&readers_, [&](pg::Connection* conn) {
    auto r = conn->Exec("SELECT pg_total_relation_size('rexian_events')", pg::Params(),
                        "read the log's size");
    if (!r.ok()) return r.status();
    out.size_bytes = static_cast<std::uint64_t>(pg::GetInt64(r->get(), 0, 0));
    return Status::OK();
  });
  return out;
}

}  // namespace rexian
