// ReplyTransport: how the reply reactor reaches a channel to tell a citizen something.
#pragma once

#include <functional>
#include <string>

#include "rexian/status.h"

namespace rexian {

// One message for one citizen (see rexian_reply in rexian/plugin.h).
struct Reply {
  std::string delivery_id;  // stable across retries and restarts
  int attempt = 1;
  std::string kind;  // "acknowledgement" | "resolution" | "rating_request"
  std::string ticket_number;
  std::string channel_message_id;
  std::string citizen_json;  // personal data
  std::string text;
};

// OK: delivered. Unavailable: retry later. InvalidArgument: never deliverable.
// NotFound: no plugin serves the channel (now). Unsupported: the channel
// cannot send replies.
using DeliverCallback = std::function<void(Status)>;

// Implemented by the plugin host. Thread-safe.
class ReplyTransport {
 public:
  virtual ~ReplyTransport() = default;
  // Hands `reply` to the plugin serving `channel`; `done` runs once with the
  // outcome, on any thread, possibly before Deliver returns. Never blocks.
  virtual void Deliver(const std::string& channel, Reply reply, DeliverCallback done) = 0;

  // True when a configured plugin serves `channel` and can send replies
  // (even if it is restarting right now). The reactor plans no replies for
  // other channels (an agent's phone tickets, for instance).
  virtual bool Serves(const std::string& channel) const = 0;
};

}  // namespace rexian
