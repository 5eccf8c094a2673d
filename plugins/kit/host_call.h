// IssueHostCall: one of the host's asynchronous calls (submit_contact,
// record_event, ticket_command) with a C++ callback, counted on a HostGate.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "kit/host_gate.h"
#include "rexian/plugin.h"

namespace rexian::plugin_kit {

// Copies a C string the host owns; "" for null.
inline std::string CopyHostText(const char* text) {
  return text != nullptr ? std::string(text) : std::string();
}

// Issues one asynchronous host call. `issue(callback, user_data)` makes the
// call (e.g. api->submit_contact(host, ..., callback, user_data)) and
// returns its status. `done` then runs exactly once: with answer_of(result)
// on a host thread when the host answers (answer_of(nullptr) must give an
// answer too), or before this returns when the host refused the call, with
// an Answer whose `status` is the refusal and whose `error_json` is
// {"error":"the server is stopping"} (REXIAN_UNAVAILABLE) or {"error":"the
// host refused the call"}. The call is counted in flight on `gate` until
// `done` returned; an exception from `done` is swallowed (nothing may unwind
// into the host). Answer needs members `status` and `error_json`.
template <typename Answer, typename Result, typename Issue>
void IssueHostCall(std::shared_ptr<HostGate> gate, std::function<void(const Answer&)> done,
                   Answer (*answer_of)(const Result*), Issue&& issue) {
  struct Pending {
    std::shared_ptr<HostGate> gate;
    std::function<void(const Answer&)> done;
    Answer (*answer_of)(const Result*);
  };
  void (*callback)(void*, const Result*) = [](void* user_data, const Result* result) {
    std::unique_ptr<Pending> pending(static_cast<Pending*>(user_data));
    try {
      pending->done(pending->answer_of(result));
    } catch (...) {
      // Nothing may unwind into the host.
    }
    pending->gate->EndCall();
  };
  gate->BeginCall();
  auto pending = std::make_unique<Pending>(Pending{gate, std::move(done), answer_of});
  const rexian_status status = issue(callback, static_cast<void*>(pending.get()));
  if (status == REXIAN_OK) {
    pending.release();  // the callback owns it now (and may already have run)
    return;
  }
  Answer refused{};
  refused.status = status;
  refused.error_json = status == REXIAN_UNAVAILABLE ? R"({"error":"the server is stopping"})"
                                                    : R"({"error":"the host refused the call"})";
  try {
    pending->done(refused);
  } catch (...) {
  }
  gate->EndCall();
}

}  // namespace rexian::plugin_kit
