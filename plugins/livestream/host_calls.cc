// RecordEvent and TicketCommand over the plugin kit's IssueHostCall.
#include "livestream/host_calls.h"

#include <cstddef>

#include "kit/host_call.h"

namespace rexian::live {
namespace {

using plugin_kit::CopyHostText;

CallAnswer CallAnswerOf(const rexian_call_result* result) {
  CallAnswer answer;
  if (result != nullptr) {
    answer.status = result->status;
    answer.position = result->position;
    answer.duplicate = result->duplicate != 0;
    answer.result_json = CopyHostText(result->result_json);
    answer.error_json = CopyHostText(result->error_json);
  }
  return answer;
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
  plugin_kit::IssueHostCall(gate, std::move(done), &CallAnswerOf,
                            [&](rexian_call_done callback, void* user_data) {
                              return api->record_event(host, stream.c_str(), type.c_str(),
                                                       payload_json.data(), payload_json.size(),
                                                       event_id.c_str(), callback, user_data);
                            });
}

void TicketCommand(const rexian_host_api* api, rexian_host* host,
                   const std::shared_ptr<web::ResponseGate>& gate, const std::string& ticket,
                   const std::string& action, const std::string& body_json,
                   const std::string& idempotency_key, CallDone done) {
  plugin_kit::IssueHostCall(gate, std::move(done), &CallAnswerOf,
                            [&](rexian_call_done callback, void* user_data) {
                              return api->ticket_command(host, ticket.c_str(), action.c_str(),
                                                         body_json.data(), body_json.size(),
                                                         idempotency_key.c_str(), callback,
                                                         user_data);
                            });
}

}  // namespace rexian::live
