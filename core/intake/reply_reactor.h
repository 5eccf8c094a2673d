// ReplyReactor: sends the replies the ReplyView says are owed, and records each attempt.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "intake/reply_transport.h"
#include "intake/reply_view.h"
#include "rexian/event_log.h"
#include "rexian/projection.h"

namespace rexian {

struct ReplyReactorOptions {
  std::function<ticket::Time()> clock;  // required
  std::chrono::minutes utc_offset{480};
  std::chrono::milliseconds interval{200};  // how often due replies are looked for
  int max_attempts = 12;                     // then the reply is given up (reply.failed, retry false)
  std::chrono::seconds first_backoff{10};    // doubled after each failure ...
  std::chrono::seconds max_backoff{3600};    // ... up to this
  std::size_t max_in_flight = 256;           // deliveries handed to plugins at once
  std::string signature = "【12345】";       // prefix of every message
  // Whether this node may send now (the cluster's reactor lease, see
  // rexian/reactor_lease.h); no new delivery starts while it says no. Unset: always.
  std::function<bool()> may_act;
};

// Each owed reply is composed from the ticket's own events (the citizen's
// contact details are read in plaintext at that moment: a forgotten citizen
// gets nothing), handed to the channel through the ReplyTransport, and its
// outcome appended to the stream "reply-<number>" as reply.sent or
// reply.failed, with event id "<delivery id>#<attempt>". A delivery whose
// reply.sent is durable is never attempted again, across restarts. A crash
// between the channel's acceptance and that append makes the next start try
// again with the same delivery_id, which channels use to drop the duplicate
// (see rexian_reply.delivery_id in rexian/plugin.h). Thread-safe.
class ReplyReactor {
 public:
  // REQUIRES: every pointer outlives the reactor; `runner` feeds `view`.
  ReplyReactor(ReplyView* view, ProjectionRunner* runner, EventLog* log, ReplyTransport* transport,
               ReplyReactorOptions options);
  ~ReplyReactor();
  ReplyReactor(const ReplyReactor&) = delete;
  ReplyReactor& operator=(const ReplyReactor&) = delete;

  void Start();
  // Stops looking for work and waits up to `grace` for deliveries in flight.
  void Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));

  // Replies handed to channels and not yet recorded (for tests and metrics).
  std::size_t in_flight() const;

 private:
  void Run();
  void Attempt(const PendingReply& pending);
  Result<Reply> Compose(const PendingReply& pending, std::string* ticket_number);
  void Record(const PendingReply& pending, const std::string& ticket_number, int attempt,
              const Status& outcome);
  void Settle(const std::string& delivery_id, std::uint64_t position);

  ReplyView* view_;
  ProjectionRunner* runner_;
  EventLog* log_;
  ReplyTransport* transport_;
  ReplyReactorOptions options_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::set<std::string> in_flight_;
  // Recorded outcomes the view has not applied yet: delivery id -> position.
  std::map<std::string, std::uint64_t> settling_;
  std::thread thread_;
};

}  // namespace rexian
