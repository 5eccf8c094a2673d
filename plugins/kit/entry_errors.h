// What every plugin's descriptor callbacks (plugin_entry.cc) do alike:
// write a message into the host's error buffer, refuse a host function table
// older than the plugin needs, and turn an exception into a status before it
// crosses the C ABI.
#pragma once

#include <cstddef>
#include <exception>
#include <string>
#include <string_view>

#include "rexian/plugin.h"

namespace rexian::plugin_kit {

// Copies `message` into the host's buffer `error` of `error_cap` bytes,
// truncated and NUL-terminated. Does nothing when `error` is null or
// `error_cap` is 0.
void WriteError(char* error, std::size_t error_cap, std::string_view message);

// True when `api` is non-null and its struct_size covers `needed_size`
// bytes (e.g. sizeof(rexian_host_api), or offsetof(..., the first field the
// plugin checks itself)). Otherwise writes "the host's function table is
// older than this plugin needs" to `error` and returns false.
bool HostApiCovers(const rexian_host_api* api, std::size_t needed_size, char* error,
                   std::size_t error_cap);

// Runs `step` (which returns a rexian_status) and returns its status; an
// exception escaping it becomes REXIAN_INTERNAL with "<what> failed:
// <e.what()>" in `error` (what: "create", "start", "deliver"). Never throws.
template <typename Step>
rexian_status RunCatching(const char* what, char* error, std::size_t error_cap,
                          Step&& step) noexcept {
  try {
    return step();
  } catch (const std::exception& e) {
    WriteError(error, error_cap, std::string(what) + " failed: " + e.what());
  } catch (...) {
    WriteError(error, error_cap, std::string(what) + " failed");
  }
  return REXIAN_INTERNAL;
}

}  // namespace rexian::plugin_kit
