// The reactor lease of `rexian serve`: held alone on LMDB, shared through PostgreSQL.
#pragma once

#include <memory>

#include "rexian/config.h"
#include "rexian/metrics.h"
#include "rexian/reactor_lease.h"

namespace rexian::cli {

// Opens the lease that decides whether this node runs the reactors with side
// effects: always held on the lmdb backend; on postgres a row in the
// database (store.reactor_lease_ms) with a node id of the form
// "<host>:<pid>:<random>". Logs every take-over and loss to stderr and
// exports rexian_reactor_lease_held and rexian_reactor_lease_epoch (gauges)
// and rexian_reactor_lease_acquisitions_total in `metrics`.
// REQUIRES: `metrics` outlives the returned lease's use in collectors, i.e.
// the lease outlives the metrics' last scrape.
Result<std::unique_ptr<ReactorLease>> OpenClusterLease(const StoreConfig& store,
                                                       MetricsRegistry* metrics);

}  // namespace rexian::cli
