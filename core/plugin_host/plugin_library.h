// PluginLibrary: one dlopen()ed plugin library whose descriptor passed the host's checks.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "rexian/plugin.h"
#include "rexian/status.h"

namespace rexian {

// "plugin 'web' (/usr/lib/rexian/plugins/rexian_plugin_web.so)": how every
// message about a plugin names it (configured instance name and file).
std::string PluginLabel(const std::string& instance, const std::string& file);

// REXIAN_PLUGIN_ABI_VERSION without the macro's C cast (-Wold-style-cast).
inline constexpr std::uint32_t kHostAbiVersion =
    (std::uint32_t{REXIAN_PLUGIN_ABI_MAJOR} << 16) | std::uint32_t{REXIAN_PLUGIN_ABI_MINOR};

// The size of a version-1 descriptor: every member up to and including
// `deliver`. The host refuses a plugin declaring less.
inline constexpr std::size_t kDescriptorV1Size =
    offsetof(rexian_plugin_descriptor, deliver) + sizeof(rexian_plugin_descriptor::deliver);

// Owns the handle of a loaded library. Not thread-safe; not copyable.
class PluginLibrary {
 public:
  // dlopen()s `file` (RTLD_NOW | RTLD_LOCAL: every undefined symbol is
  // reported now, and the plugin's symbols stay out of the global scope),
  // calls REXIAN_PLUGIN_ENTRY_NAME and checks the descriptor: not null,
  // same ABI major, struct_size at least kDescriptorV1Size, create, start,
  // stop and destroy set, and a name matching [a-z][a-z0-9_-]{0,63}. Each
  // refusal is InvalidArgument (NotFound when the file cannot be loaded)
  // whose message starts with PluginLabel(instance, file) and gives the
  // reason; the library is unloaded again then.
  static Result<std::unique_ptr<PluginLibrary>> Open(const std::string& instance,
                                                     const std::string& file);

  // dlclose()s the library unless Leak() was called.
  ~PluginLibrary();
  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;

  // The descriptor's members the host knows (version 1), copied; members
  // beyond the plugin's struct_size read as zero. Valid while loaded.
  const rexian_plugin_descriptor& descriptor() const { return descriptor_; }
  // struct_size as the plugin declared it.
  std::uint32_t declared_size() const { return declared_size_; }
  const std::string& file() const { return file_; }

  // Keeps the library mapped for the rest of the process: for a plugin whose
  // stop() overran, whose code may still be running.
  void Leak() { leaked_ = true; }
  bool leaked() const { return leaked_; }

 private:
  PluginLibrary(void* handle, std::string file) : handle_(handle), file_(std::move(file)) {}

  void* handle_;
  std::string file_;
  rexian_plugin_descriptor descriptor_{};
  std::uint32_t declared_size_ = 0;
  bool leaked_ = false;
};

}  // namespace rexian
