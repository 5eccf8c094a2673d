// SubmitContact: the host's submit_contact with a C++ callback.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "rexian/plugin.h"
#include "web/exchange.h"

namespace rexian::web {

// A copy of rexian_submit_result that outlives the host's callback.
struct SubmitAnswer {
  rexian_status status = REXIAN_INTERNAL;
  std::string ticket_number;
  std::string ticket_id;
  bool duplicate = false;
  bool attached = false;
  std::string error_json;  // not OK: the host's error document
};

using SubmitDone = std::function<void(const SubmitAnswer&)>;

// Submits `contact_json`. `done` runs exactly once: on a host thread when
// the outcome is durable, or before this returns (status
// REXIAN_UNAVAILABLE) when the host refused the call because it is
// stopping. The submit is counted in flight on `gate` until `done` returned.
// Never blocks.
void SubmitContact(const rexian_host_api* api, rexian_host* host, std::shared_ptr<ResponseGate> gate,
                   const std::string& contact_json, SubmitDone done);

}  // namespace rexian::web
