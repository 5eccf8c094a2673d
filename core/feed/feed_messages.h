// The feed's message texts: one event rendered once per PII view, and the control messages.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "feed/feed_filter.h"
#include "feed/pii_masking.h"
#include "feed/ticket_facts.h"
#include "rexian/event_log.h"

namespace rexian::feed {

// One log event as the feed sends it. Rendered lazily, at most once per PII
// view, and shared by every client that gets it (the broadcast copies the
// text once). Not thread-safe: one renderer per thread.
//
//   {"type":"event","position":N,"event_type":"ticket.opened","stream":"ticket-…",
//    "stream_version":1,"event_id":"…","recorded_at":"…Z","recorded_at_us":…,
//    "ticket":{"level","platform","channel","domain","departments"} (ticket events),
//    "metadata":{…},"payload":{…}}
//
// alert.raised events render as {"type":"alert", "position":N, "alert_id",
// "recorded_at", "recorded_at_us", ...the alert payload}.
class RenderedEvent {
 public:
  // REQUIRES: `event` and `log` outlive this object. `facts` may be null.
  RenderedEvent(const RecordedEvent& event, const EventLog& log, std::optional<TicketFacts> facts);

  // What the filter sees.
  FilterSubject subject() const;
  bool is_alert() const { return event_.type == "alert.raised"; }
  std::string_view alert_platform() const { return alert_platform_; }
  std::string_view alert_level() const { return alert_level_; }

  // The message text for `view`; null if the event could not be rendered
  // (then it is skipped, and reported on stderr once per event).
  std::shared_ptr<const std::string> Text(PiiView view);

 private:
  std::shared_ptr<const std::string> Render(PiiView view);

  const RecordedEvent& event_;
  const EventLog& log_;
  std::optional<TicketFacts> facts_;
  std::string channel_, department_, alert_platform_, alert_level_;
  std::vector<std::string> departments_;
  std::shared_ptr<const std::string> texts_[2];
  bool failed_ = false;
};

// {"type":"hello","position":P,"role":"operator","pii":"masked","heartbeat_seconds":S}
std::string HelloMessage(std::uint64_t position, std::string_view role, PiiView view,
                         std::int64_t heartbeat_seconds);
// {"type":"heartbeat","at":"…Z","position":P}: every event up to P was considered.
std::string HeartbeatMessage(std::int64_t now_us, std::uint64_t position);
// {"type":"stats","at":"…Z","stats":<stats_json>}. REQUIRES: stats_json is a JSON object text.
std::string StatsMessage(std::int64_t now_us, std::string_view stats_json);
// {"type":"dropped","reason":"…","resume_from":P}
std::string DroppedMessage(std::string_view reason, std::uint64_t resume_from);

// "2026-11-27T20:40:08.123456Z".
std::string FormatUtcMicros(std::int64_t us);

}  // namespace rexian::feed
