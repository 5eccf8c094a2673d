// HostGate: respond and submit through the host's function table.
#include "wechat/host_calls.h"

namespace rexian::wechat {

void HostGate::Respond(rexian_http_exchange* exchange, int status, const char* content_type,
                       const std::string& body) {
  rexian_http_response response{};
  response.struct_size = sizeof response;
  response.status = status;
  response.content_type = content_type;
  response.body = body.data();
  response.body_len = body.size();
  Respond(exchange, response);
}

void HostGate::Submit(rexian_host* host, const std::string& contact_json,
                      std::function<void(const SubmitAnswer&)> done) {
  plugin_kit::SubmitContact(host, shared_from_this(), contact_json, std::move(done));
}

}  // namespace rexian::wechat
