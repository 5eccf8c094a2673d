// ResponseGate and request accessors.
#include "web/exchange.h"

#include <cctype>

namespace rexian::web {

void ResponseGate::Respond(rexian_http_exchange* exchange, const HttpAnswer& answer) {
  std::vector<rexian_http_header> headers;
  headers.reserve(answer.headers.size());
  for (const auto& [name, value] : answer.headers) {
    headers.push_back({name.data(), name.size(), value.data(), value.size()});
  }
  rexian_http_response response{};
  response.struct_size = sizeof response;
  response.status = answer.status;
  response.content_type = answer.content_type.c_str();
  response.headers = headers.data();
  response.header_count = headers.size();
  response.body = answer.body.data();
  response.body_len = answer.body.size();
  Respond(exchange, response);
}

std::string_view HeaderOf(const rexian_http_request& request, std::string_view name) {
  for (std::size_t i = 0; i < request.header_count; ++i) {
    const rexian_http_header& h = request.headers[i];
    if (h.name_len != name.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < name.size() && same; ++k) {
      same = std::tolower(static_cast<unsigned char>(h.name[k])) ==
             std::tolower(static_cast<unsigned char>(name[k]));
    }
    if (same) return {h.value, h.value_len};
  }
  return {};
}

std::string RemoteHost(const rexian_http_request& request) {
  std::string_view address = request.remote_address != nullptr ? request.remote_address : "";
  if (address.starts_with("[")) {
    std::size_t close = address.find(']');
    return std::string(address.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
  }
  std::size_t colon = address.rfind(':');
  if (colon != std::string_view::npos && address.find(':') == colon) return std::string(address.substr(0, colon));
  return std::string(address);
}

}  // namespace rexian::web
