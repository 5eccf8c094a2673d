// The C trampolines behind RecordEvent and TicketCommand.
#include "livestream/host_calls.h"

#include <cstddef>

namespace rexian::live {
namespace {

struct PendingCall {
  std::shared_ptr<web::ResponseGate> gate;
  CallDone done;
};

std::string Copy(const char* s) { return s != nullptr ? std::string(s) : std::string(); }

void OnCallDone(void* user_data, const rexian_call_result* result) {
  std::unique_ptr<PendingCall> pending(static_cast<PendingCall*>(user_data));
  CallAnswer answer;
  if (result != nullptr) {
    answer.status = result->status;
    answer.position = result->position;
    answer.duplicate = result->duplicate != 0;
    answer.result_json = Copy(result->result_json);
    answer.error_json = Copy(result->error_json);
  }
  try {
    pending->done(answer);
  } catch (...) {
    // Nothing may unwind into the host.
  }
  pending->gate->EndSubmit();
}

// Runs `call` with a PendingCall; answers `done` at once when refused.
template <typename Call>
void Issue(const std::shared_ptr<web::ResponseGate>& gate, CallDone done, Call call) {
  gate->BeginSubmit();
  auto pending = std::make_unique<PendingCall>(PendingCall{gate, std::move(done)});
  PendingCall* raw = pending.get();
  rexian_status status = call(raw);
  if (status == REXIAN_OK) {
    pending.release();  // OnCallDone owns it now (and may already have run)
    return;
  }
  CallAnswer refused;
  refused.status = status;
  refused.error_json = status == REXIAN_UNAVAILABLE ? R"({"error":"the server is stopping"})"
                                                    : R"({"error":"the host refused the call"})";
  try {
    pending->done(refused);
  } catch (...) {
  }
  gate->EndSubmit();
}

}  // namespace

bool HostHasCalls(const rexian_host_api* api) {
  return api != nullptr &&
         api->struct_size >= offsetof(rexian_host_api, ticket_command) + sizeof api->ticket_command &&
         api->record_event != nullptr && api->ticket_command != nullptr;
}

void RecordEvent(const rexian_host_api* api, rexian_host* host,
                 const std::shared_ptr<web::ResponseGate>& gate, const std::string& stream,
                 const std::string& type, const std::string& payload_json,
                 const std::string& event_id, CallDone done) {
  Issue(gate, std::move(done), [&](PendingCall* raw) {
    return api->record_event(host, stream.c_str(), type.c_str(), payload_json.data(),
                             payload_json.size(), event_id.c_str(), &OnCallDone, raw);
  });
}

void TicketCommand(const rexian_host_api* api, rexian_host* host,
                   const std::shared_ptr<web::ResponseGate>& gate, const std::string& ticket,
                   const std::string& action, const std::string& body_json,
                   const std::string& idempotency_key, CallDone done) {
  Issue(gate, std::move(done), [&](PendingCall* raw) {
    return api->ticket_command(host, ticket.c_str(), action.c_str(), body_json.data(),
                               body_json.size(), idempotency_key.c_str(), &OnCallDone, raw);
  });
}

}  // namespace rexian::live
