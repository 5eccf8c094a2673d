// The gate through which the plugin answers callbacks and submits contacts,
// closed once stop() began: the plugin kit's HostGate and SubmitContact
// (plugins/kit/) with this plugin's way of answering.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "kit/host_gate.h"
#include "kit/submit_contact.h"
#include "rexian/plugin.h"

namespace rexian::wechat {

using plugin_kit::SubmitAnswer;

// Answers exchanges and counts submits in flight. After Close(), nothing is
// answered any more (after stop() a plugin may call no host function but
// log). Thread-safe. REQUIRES: owned by a std::shared_ptr (Submit keeps the
// gate alive until the host answered).
class HostGate : public plugin_kit::HostGate, public std::enable_shared_from_this<HostGate> {
 public:
  using plugin_kit::HostGate::HostGate;
  using plugin_kit::HostGate::Respond;

  // Answers `exchange` unless the gate is closed.
  void Respond(rexian_http_exchange* exchange, int status, const char* content_type,
               const std::string& body);

  // Submits `contact_json`; `done` runs exactly once, on a host thread once
  // the outcome is durable, or before this returns (REXIAN_UNAVAILABLE) when
  // the host refused the call. Counted in flight until `done` returned.
  void Submit(rexian_host* host, const std::string& contact_json,
              std::function<void(const SubmitAnswer&)> done);
};

}  // namespace rexian::wechat
