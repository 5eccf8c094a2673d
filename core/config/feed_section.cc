// The `feed` section: the operations feed's heartbeats, client queue and socket limits, write coalescing and alert thresholds.
#include "field_reader.h"
#include "sections.h"

namespace rexian::config_internal {

void ParseFeedSection(const std::vector<ConfigNode>& parts, ConfigErrors* errors,
                      FeedConfig* out) {
  if (parts.empty()) return;
  FieldReader feed(parts.front(),
                   {"heartbeat_seconds", "max_queued_messages", "max_queued_bytes",
                    "alert_window_seconds", "overdue_spike_threshold", "write_coalesce_ms",
                    "socket_send_buffer_bytes"},
                   errors);
  std::int64_t number = 0;
  if (feed.ReadInteger("heartbeat_seconds", Presence::kOptional, 1, 3600, &number)) {
    out->heartbeat_seconds = static_cast<std::uint32_t>(number);
  }
  if (feed.ReadInteger("max_queued_messages", Presence::kOptional, 16, 10000000, &number)) {
    out->max_queued_messages = static_cast<std::uint32_t>(number);
  }
  if (feed.ReadInteger("max_queued_bytes", Presence::kOptional, 65536, std::int64_t{1} << 34,
                       &number)) {
    out->max_queued_bytes = static_cast<std::uint64_t>(number);
  }
  if (feed.ReadInteger("alert_window_seconds", Presence::kOptional, 1, 7 * 24 * 3600, &number)) {
    out->alert_window_seconds = static_cast<std::uint32_t>(number);
  }
  if (feed.ReadInteger("overdue_spike_threshold", Presence::kOptional, 0, 1000000, &number)) {
    out->overdue_spike_threshold = static_cast<std::uint32_t>(number);
  }
  if (feed.ReadInteger("write_coalesce_ms", Presence::kOptional, 0, 1000, &number)) {
    out->write_coalesce_ms = static_cast<std::uint32_t>(number);
  }
  if (feed.ReadInteger("socket_send_buffer_bytes", Presence::kOptional, 0, std::int64_t{64} << 20,
                       &number)) {
    if (number != 0 && number < 4096) {
      errors->Add(*feed.Child("socket_send_buffer_bytes", Presence::kOptional),
                  "expected 0 (the kernel's autotuning) or at least 4096, got " + std::to_string(number));
    } else {
      out->socket_send_buffer_bytes = static_cast<std::uint32_t>(number);
    }
  }
}

}  // namespace rexian::config_internal
