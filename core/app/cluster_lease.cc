// The reactor lease of `rexian serve`: backend choice, node id, log lines and metrics.
#include "app/cluster_lease.h"

#include <openssl/rand.h>
#include <unistd.h>

#include <cstdio>

namespace rexian::cli {
namespace {

std::string NodeId() {
  char host[256] = {0};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  unsigned char random[4] = {0};
  RAND_bytes(random, sizeof(random));
  char suffix[9];
  std::snprintf(suffix, sizeof(suffix), "%02x%02x%02x%02x", random[0], random[1], random[2],
                random[3]);
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + suffix;
}

}  // namespace

Result<std::unique_ptr<ReactorLease>> OpenClusterLease(const StoreConfig& store,
                                                       MetricsRegistry* metrics) {
  std::unique_ptr<ReactorLease> lease;
  if (store.backend != StoreBackend::kPostgres) {
    lease = AlwaysHeldReactorLease();
  } else {
    PgReactorLeaseOptions options;
    options.dsn = store.dsn;
    options.node_id = NodeId();
    options.ttl = std::chrono::milliseconds(store.reactor_lease_ms);
    options.on_change = [](const ReactorLeaseState& state) {
      std::fprintf(stderr, "rexian serve: node %s %s the reactor lease (epoch %lld, holder %s)\n",
                   state.node_id.c_str(), state.held ? "took" : "lost",
                   static_cast<long long>(state.epoch), state.holder.c_str());
    };
    auto opened = OpenPgReactorLease(options);
    if (!opened.ok()) return opened.status();
    lease = std::move(opened).value();
  }
  ReactorLease* raw = lease.get();
  metrics->AddCollector([raw](MetricsWriter& out) {
    const ReactorLeaseState state = raw->State();
    const MetricLabels node{{"node", state.node_id}};
    out.WriteGauge("rexian_reactor_lease_held",
                   "1 while this node holds the reactor lease and runs the deadline watcher "
                   "and reply reactor",
                   state.held ? 1 : 0, node);
    out.WriteGauge("rexian_reactor_lease_epoch",
                   "fencing token of the reactor lease's current tenure, as last seen", 
                   static_cast<double>(state.epoch), node);
    out.WriteCounter("rexian_reactor_lease_acquisitions_total",
                     "times this node took the reactor lease",
                     static_cast<double>(state.acquisitions), node);
  });
  return lease;
}

}  // namespace rexian::cli
