// SubmitContact: the host's submit_contact with a C++ callback.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "kit/host_gate.h"
#include "rexian/plugin.h"

namespace rexian::plugin_kit {

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

// Submits `contact_json` through gate->api(). `done` runs exactly once: on a
// host thread when the outcome is durable, or before this returns when the
// host refused the call (status REXIAN_UNAVAILABLE while it is stopping).
// The submit is counted in flight on `gate` until `done` returned. Never
// blocks. See IssueHostCall (kit/host_call.h).
void SubmitContact(rexian_host* host, std::shared_ptr<HostGate> gate,
                   const std::string& contact_json, SubmitDone done);

}  // namespace rexian::plugin_kit
