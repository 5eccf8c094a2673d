// ExecPluginState: what the threads around one exec plugin share.
//
// Three kinds of thread touch an exec plugin: its supervisor (the poll loop
// talking to the child), the reply reactor (Deliver) and intake's store
// threads (submit answers). They meet here, under one mutex held only for
// short bookkeeping, never across I/O or a callback, so neither the reactor
// nor a store thread ever waits for the child. Held by shared_ptr: a submit
// answered after the plugin was destroyed still finds it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "intake/reply_transport.h"
#include "plugin_host/exec_plugin_options.h"
#include "plugin_host/exec_wakeup.h"
#include "rexian/status.h"

namespace rexian {

// A deliver sent to the child, awaiting its "delivered".
struct PendingDelivery {
  DeliverCallback done;
  std::chrono::steady_clock::time_point deadline;
};

struct ExecPluginState {
  explicit ExecPluginState(std::string plugin_name, ExecWakeup wake)
      : name(std::move(plugin_name)), wakeup(std::move(wake)) {}

  const std::string name;
  ExecWakeup wakeup;  // poked after anything the supervisor must act on
  std::mutex mu;
  std::condition_variable changed;  // ready, session ended, stopping

  // ---- guarded by mu
  std::uint64_t session = 0;  // the running child's session number; 0: none
  bool ready = false;         // the running child said "ready"
  bool ever_ready = false;    // some child did
  bool delivers = false;      // ... with "deliver": true
  bool stopping = false;
  Status health = Status::Unavailable("not started");
  std::optional<Status> start_failure;  // the first child ended before ready
  std::string outbox;                   // lines for the running child, written by the supervisor
  std::map<std::string, PendingDelivery> deliveries;  // by the host's request id
  std::size_t submits_in_flight = 0;                  // of the running session
  std::uint64_t next_request = 0;
  ExecPluginStats stats;

  // Takes every pending delivery (for failing them outside the lock).
  // REQUIRES: mu held.
  std::vector<DeliverCallback> TakeDeliveries() {
    std::vector<DeliverCallback> taken;
    for (auto& [id, pending] : deliveries) taken.push_back(std::move(pending.done));
    deliveries.clear();
    return taken;
  }
};

}  // namespace rexian
