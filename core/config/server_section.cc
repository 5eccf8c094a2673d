// The `server` section: the HTTP/WebSocket listener.
#include "field_reader.h"
#include "sections.h"

namespace rexian::config_internal {

void ParseServerSection(const std::vector<ConfigNode>& parts, ConfigErrors* errors,
                        ServerConfig* out) {
  if (parts.empty()) return;
  FieldReader server(parts.front(), {"bind", "port", "io_threads", "body_limit_bytes"}, errors);
  server.ReadText("bind", Presence::kOptional, kIpAddress, &out->bind);
  std::int64_t number = 0;
  if (server.ReadInteger("port", Presence::kOptional, 1, 65535, &number)) {
    out->port = static_cast<std::uint16_t>(number);
  }
  if (server.ReadInteger("io_threads", Presence::kOptional, 1, 64, &number)) {
    out->io_threads = static_cast<int>(number);
  }
  if (server.ReadInteger("body_limit_bytes", Presence::kOptional, 1024, std::int64_t{1} << 30,
                         &number)) {
    out->body_limit_bytes = static_cast<std::size_t>(number);
  }
}

}  // namespace rexian::config_internal
