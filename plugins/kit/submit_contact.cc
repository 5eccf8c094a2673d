// SubmitContact over IssueHostCall.
#include "kit/submit_contact.h"

#include "kit/host_call.h"

namespace rexian::plugin_kit {
namespace {

SubmitAnswer SubmitAnswerOf(const rexian_submit_result* result) {
  SubmitAnswer answer;
  if (result != nullptr) {
    answer.status = result->status;
    answer.ticket_number = CopyHostText(result->ticket_number);
    answer.ticket_id = CopyHostText(result->ticket_id);
    answer.duplicate = result->duplicate != 0;
    answer.attached = result->attached != 0;
    answer.error_json = CopyHostText(result->error_json);
  }
  return answer;
}

}  // namespace

void SubmitContact(rexian_host* host, std::shared_ptr<HostGate> gate,
                   const std::string& contact_json, SubmitDone done) {
  const rexian_host_api* api = gate->api();
  IssueHostCall(std::move(gate), std::move(done), &SubmitAnswerOf,
                [&](rexian_submit_done callback, void* user_data) {
                  return api->submit_contact(host, contact_json.data(), contact_json.size(),
                                             callback, user_data);
                });
}

}  // namespace rexian::plugin_kit
