// The host's record_event and ticket_command (ABI 1.1) with C++ callbacks.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "rexian/plugin.h"
#include "web/exchange.h"

namespace rexian::live {

// A copy of rexian_call_result that outlives the host's callback.
struct CallAnswer {
  rexian_status status = REXIAN_INTERNAL;
  std::uint64_t position = 0;
  bool duplicate = false;
  std::string result_json;
  std::string error_json;
};

using CallDone = std::function<void(const CallAnswer&)>;

// True when the host's table has record_event and ticket_command (a 1.0 host
// has neither; a host still being built may leave them NULL).
bool HostHasCalls(const rexian_host_api* api);

// Appends one live.* event to `stream` (see rexian_host_api.record_event).
// `done` runs exactly once: on a host thread when the outcome is durable, or
// before this returns when the host refused the call (its status and
// reason). Counted in flight on `gate` until `done` returned. Never blocks.
void RecordEvent(const rexian_host_api* api, rexian_host* host,
                 const std::shared_ptr<web::ResponseGate>& gate, const std::string& stream,
                 const std::string& type, const std::string& payload_json,
                 const std::string& event_id, CallDone done);

// Runs one work-order command (see rexian_host_api.ticket_command); `done`
// as for RecordEvent.
void TicketCommand(const rexian_host_api* api, rexian_host* host,
                   const std::shared_ptr<web::ResponseGate>& gate, const std::string& ticket,
                   const std::string& action, const std::string& body_json,
                   const std::string& idempotency_key, CallDone done);

}  // namespace rexian::live
