// ReplyView: the replies to citizens still owed, derived from the log.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "projections/view_store.h"
#include "rexian/projection.h"
#include "rexian/ticket.h"

namespace rexian {

// One reply owed to a citizen.
struct PendingReply {
  std::string delivery_id;  // "<ticket id>/acknowledgement", "<ticket id>/resolution@<pos>", ...
  std::string ticket_id;
  std::string kind;     // "acknowledgement" | "resolution" | "rating_request"
  std::string channel;
  std::uint64_t source_position = 0;  // the event that made it owed
  int failed_attempts = 0;
  ticket::Time next_attempt_at{};
};

// What the view needs to know besides the log.
struct ReplyViewOptions {
  // Whether replies can go out on a channel (ReplyTransport::Serves).
  std::function<bool(const std::string& channel)> serves;
  // Wall-clock now, and how old an event may be and still owe a reply: a
  // first start on an old log (or a rebuild) must not greet every citizen
  // of the past again.
  std::function<ticket::Time()> clock;
  std::chrono::hours horizon{24};
};

// Databases: pending (delivery id -> JSON PendingReply), tickets (ticket id
// -> channel, for tickets whose citizen can be answered). The view plans:
//  - ticket.opened from a contact with a citizen, on a served channel: an
//    acknowledgement;
//  - ticket.resolved of such a ticket: the resolution, then a rating request;
// and settles: reply.sent and reply.failed without retry remove the reply,
// reply.failed with retry records the attempt and when the next is due.
class ReplyView final : public Projection {
 public:
  static Result<std::unique_ptr<ReplyView>> Open(const std::string& dir, ReplyViewOptions options);

  const char* name() const override { return "replies"; }
  std::uint64_t checkpoint() const override { return checkpoint_.load(); }
  Status Apply(const std::vector<RecordedEvent>& events) override;

  // The replies due at `now` (next attempt at or before it), at most `limit`.
  Result<std::vector<PendingReply>> Due(ticket::Time now, std::size_t limit);
  // Every reply still owed.
  Result<std::vector<PendingReply>> All();
  Status Clear();

 private:
  ReplyView(std::unique_ptr<ViewStore> store, ReplyViewOptions options);

  std::unique_ptr<ViewStore> store_;
  ReplyViewOptions options_;
  std::atomic<std::uint64_t> checkpoint_{0};
};

}  // namespace rexian
