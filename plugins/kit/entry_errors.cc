// WriteError and HostApiCovers.
#include "kit/entry_errors.h"

#include <algorithm>
#include <cstring>

namespace rexian::plugin_kit {

void WriteError(char* error, std::size_t error_cap, std::string_view message) {
  if (error == nullptr || error_cap == 0) return;
  const std::size_t n = std::min(message.size(), error_cap - 1);
  std::memcpy(error, message.data(), n);
  error[n] = '\0';
}

bool HostApiCovers(const rexian_host_api* api, std::size_t needed_size, char* error,
                   std::size_t error_cap) {
  if (api != nullptr && api->struct_size >= needed_size) return true;
  WriteError(error, error_cap, "the host's function table is older than this plugin needs");
  return false;
}

}  // namespace rexian::plugin_kit
