// Serialising one benchmark request.
#include "common/http_workload.h"

namespace rexian::bench {

std::string HttpRequestBytes(std::string_view method, std::string_view target,
                             const HeaderList& headers, std::string_view body) {
  std::string out;
  out.reserve(256 + target.size() + body.size());
  out += method;
  out += ' ';
  out += target;
  out += " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) {
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (!body.empty() || method == "POST") {
    out += "Content-Length: ";
    out += std::to_string(body.size());
    out += "\r\n";
  }
  out += "\r\n";
  out += body;
  return out;
}

}  // namespace rexian::bench
