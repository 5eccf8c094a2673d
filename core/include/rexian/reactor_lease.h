// ReactorLease: which node of a cluster runs the reactors with side effects (deadlines, replies).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "rexian/status.h"

namespace rexian {

// What a node knows about the lease at one moment.
struct ReactorLeaseState {
  bool held = false;       // this node holds the lease now (it may act)
  std::string node_id;     // this node
  std::string holder;      // the holder last seen in the database ("" if unknown)
  std::int64_t epoch = 0;  // fencing token: +1 at every change of tenure; 0 if unknown
  std::uint64_t acquisitions = 0;  // how many times this node took the lease
};

// A lease that lets one node of a cluster run the reactors whose effects must
// happen once per cluster (the deadline watcher's commands, replies to
// citizens). The other nodes keep serving the API, the views and the feed.
// Thread-safe.
class ReactorLease {
 public:
  virtual ~ReactorLease() = default;

  // Whether this node may act now. Cheap (no I/O): the last renewal's
  // outcome, valid until a deadline set conservatively inside the lease's
  // time to live. A reactor checks it before each pass.
  virtual bool Held() const = 0;

  // The state for /metrics and logs. Cheap (no I/O).
  virtual ReactorLeaseState State() const = 0;
};

// The lease of a node that is alone on its store (LMDB): always held.
std::unique_ptr<ReactorLease> AlwaysHeldReactorLease();

// How a PostgreSQL lease is held.
struct PgReactorLeaseOptions {
  std::string dsn;                  // the event log's database
  std::string name = "reactors";    // one lease per name
  std::string node_id;              // unique per process; required
  std::chrono::milliseconds ttl{10000};  // renewed every ttl/3; taken over after ttl
  // Called (from the renewal thread) when this node takes or loses the lease.
  std::function<void(const ReactorLeaseState&)> on_change;
};

// A lease row in PostgreSQL (table rexian_leases: holder, epoch, expires_at),
// renewed every ttl/3 by a thread of its own. Expiry is the database's clock
// (now()), never the nodes': the holder renews `expires_at = now() + ttl`; any
// node may take the lease once `expires_at <= now()`, incrementing the epoch.
// Locally the holder considers itself holding until ttl*0.8 after it SENT
// its last successful renewal, so it stops acting before the row can expire
// (barring a process pause longer than ttl/5, against which reactors'
// outputs are idempotent by event id). Destruction releases the lease (sets
// expires_at to now()) so another node takes over at its next renewal.
// Unavailable if the database cannot be reached at start; later failures
// only make Held() false until a renewal succeeds again.
Result<std::unique_ptr<ReactorLease>> OpenPgReactorLease(const PgReactorLeaseOptions& options);

}  // namespace rexian
