// PgReactorLease: take, renew, release and report the reactor lease row.
#include "store/pg_reactor_lease.h"

#include "store/pg_schema.h"

namespace rexian {
namespace pg {
namespace {

using Clock = std::chrono::steady_clock;

// Takes the lease if free or expired (a new tenure: epoch + 1) or renews it
// if this node holds it (same epoch); returns no row if another node holds
// an unexpired lease. Atomic under the row lock of ON CONFLICT DO UPDATE.
constexpr const char* kTakeOrRenew = R"sql(
INSERT INTO rexian_leases AS l (name, holder, epoch, expires_at)
VALUES ($1::text, $2::text, 1, now() + $3::bigint * interval '1 millisecond')
ON CONFLICT (name) DO UPDATE SET
  epoch = CASE WHEN l.holder = EXCLUDED.holder AND l.expires_at > now()
               THEN l.epoch ELSE l.epoch + 1 END,
  holder = EXCLUDED.holder,
  expires_at = EXCLUDED.expires_at
WHERE l.holder = EXCLUDED.holder OR l.expires_at <= now()
RETURNING epoch)sql";

constexpr const char* kReadHolder = "SELECT holder, epoch FROM rexian_leases WHERE name = $1::text";

constexpr const char* kRelease =
    "UPDATE rexian_leases SET expires_at = now() WHERE name = $1::text AND holder = $2::text";

}  // namespace

PgReactorLease::PgReactorLease(PgReactorLeaseOptions options, std::unique_ptr<Connection> conn)
    : options_(std::move(options)), conn_(std::move(conn)) {
  state_.node_id = options_.node_id;
}

PgReactorLease::~PgReactorLease() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (held_until_.exchange(0) != 0 && !conn_->broken()) {
    Params params;
    params.AddBytes(options_.name);
    params.AddBytes(options_.node_id);
    (void)conn_->Exec(kRelease, params, "release the reactor lease");
  }
}

bool PgReactorLease::Held() const {
  return Clock::now().time_since_epoch().count() < held_until_.load();
}

ReactorLeaseState PgReactorLease::State() const {
  std::lock_guard<std::mutex> lock(mu_);
  ReactorLeaseState state = state_;
  state.held = Held();
  return state;
}

void PgReactorLease::Renew() {
  const Clock::time_point sent = Clock::now();
  const bool was_held = Held();
  Params params;
  params.AddBytes(options_.name);
  params.AddBytes(options_.node_id);
  params.AddInt64(options_.ttl.count());
  bool held = false;
  std::int64_t epoch = 0;
  std::string holder;
  Status s = conn_->EnsureOpen();
  if (s.ok()) {
    auto r = conn_->Exec(kTakeOrRenew, params, "take or renew the reactor lease");
    s = r.status();
    if (r.ok() && PQntuples(r->get()) == 1) {
      held = true;
      epoch = GetInt64(r->get(), 0, 0);
      holder = options_.node_id;
    } else if (r.ok()) {
      Params name;
      name.AddBytes(options_.name);
      auto current = conn_->Exec(kReadHolder, name, "read the reactor lease");
      if (current.ok() && PQntuples(current->get()) == 1) {
        holder = GetBytes(current->get(), 0, 0);
        epoch = GetInt64(current->get(), 0, 1);
      }
    }
  }
  if (held) {
    held_until_ = (sent + options_.ttl * 4 / 5).time_since_epoch().count();
  } else if (s.ok() || Clock::now() >= Clock::time_point(Clock::duration(held_until_.load()))) {
    // Another node holds it, or we could not renew in time: stop acting.
    held_until_ = 0;
  }
  ReactorLeaseState changed;
  bool notify = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (held && (!was_held || epoch != state_.epoch)) ++state_.acquisitions;
    if (s.ok()) {
      state_.holder = holder;
      state_.epoch = epoch;
    }
    notify = Held() != was_held;
    changed = state_;
    changed.held = Held();
  }
  if (notify && options_.on_change) options_.on_change(changed);
}

void PgReactorLease::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void PgReactorLease::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, options_.ttl / 3, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    Renew();
    lock.lock();
  }
}

}  // namespace pg

Result<std::unique_ptr<ReactorLease>> OpenPgReactorLease(const PgReactorLeaseOptions& options) {
  if (options.dsn.empty()) return Status::InvalidArgument("store.dsn: must not be empty");
  if (options.node_id.empty()) return Status::InvalidArgument("reactor lease: empty node id");
  if (options.ttl < std::chrono::milliseconds(300)) {
    return Status::InvalidArgument("reactor lease: time to live under 300 ms");
  }
  auto conn = pg::Connection::Open(options.dsn);
  if (!conn.ok()) return conn.status();
  if (Status s = pg::MigrateSchema(conn->get()); !s.ok()) return s;
  auto lease = std::make_unique<pg::PgReactorLease>(options, std::move(conn).value());
  lease->Renew();
  lease->Start();
  return std::unique_ptr<ReactorLease>(std::move(lease));
}

}  // namespace rexian
