// The C trampoline behind SubmitContact.
#include "web/submit_call.h"

#include <memory>

namespace rexian::web {
namespace {

struct PendingSubmit {
  std::shared_ptr<ResponseGate> gate;
  SubmitDone done;
};

std::string Copy(const char* s) { return s != nullptr ? std::string(s) : std::string(); }

void OnSubmitDone(void* user_data, const rexian_submit_result* result) {
  std::unique_ptr<PendingSubmit> pending(static_cast<PendingSubmit*>(user_data));
  SubmitAnswer answer;
  if (result != nullptr) {
    answer.status = result->status;
    answer.ticket_number = Copy(result->ticket_number);
    answer.ticket_id = Copy(result->ticket_id);
    answer.duplicate = result->duplicate != 0;
    answer.attached = result->attached != 0;
    answer.error_json = Copy(result->error_json);
  }
  try {
    pending->done(answer);
  } catch (...) {
    // Nothing may unwind into the host; the exchange is answered 500 by the
    // host when the plugin stops.
  }
  pending->gate->EndSubmit();
}

}  // namespace

void SubmitContact(const rexian_host_api* api, rexian_host* host, std::shared_ptr<ResponseGate> gate,
                   const std::string& contact_json, SubmitDone done) {
  gate->BeginSubmit();
  auto pending = std::make_unique<PendingSubmit>(PendingSubmit{gate, std::move(done)});
  PendingSubmit* raw = pending.get();
  rexian_status status =
      api->submit_contact(host, contact_json.data(), contact_json.size(), &OnSubmitDone, raw);
  if (status == REXIAN_OK) {
    pending.release();  // OnSubmitDone owns it now (and may already have run)
    return;
  }
  SubmitAnswer refused;
  refused.status = status;
  refused.error_json = R"({"error":"the server is stopping"})";
  pending->done(refused);
  gate->EndSubmit();
}

}  // namespace rexian::web
