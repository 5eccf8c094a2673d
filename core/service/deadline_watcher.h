// DeadlineWatcher: the reactor that warns before and marks after a ticket's deadline.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "projections/ticket_view.h"
#include "service/ticket_service.h"

namespace rexian {

struct DeadlineWatcherOptions {
  // A warning is issued this long before a deadline.
  std::chrono::seconds warn_before = std::chrono::hours(4);
  // How often the due deadlines are looked at.
  std::chrono::milliseconds interval = std::chrono::seconds(1);
  // Domain time; the scenario clock under the simulator.
  std::function<ticket::Time()> clock;
  // Whether this node may act now (the cluster's reactor lease, see
  // rexian/reactor_lease.h); a pass is skipped while it says no. Unset: always.
  std::function<bool()> may_act;
};

// Looks at the ticket view's due-deadline index and issues WarnDeadline and
// MarkOverdue commands through the TicketService. Exactly once per deadline,
// also across restarts and replays: the ticket's state records each deadline
// warned or marked (Decide yields nothing for a repeat), and the events carry
// deterministic ids, so even two watchers racing write one event.
class DeadlineWatcher {
 public:
  // REQUIRES: view and service outlive the watcher.
  DeadlineWatcher(TicketView* view, TicketService* service, DeadlineWatcherOptions options);
  ~DeadlineWatcher();

  void Start();
  void Stop();

  // One pass at `now`: returns how many commands wrote events. Used by the
  // loop, and directly by tests and the simulator.
  std::size_t RunOnce(ticket::Time now);

 private:
  void Loop();

  TicketView* view_;
  TicketService* service_;
  DeadlineWatcherOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rexian
