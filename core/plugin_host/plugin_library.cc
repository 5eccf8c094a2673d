// Loading a plugin library and checking its descriptor against the ABI.
#include "plugin_host/plugin_library.h"

#include <dlfcn.h>

#include <cstring>
#include <vector>

namespace rexian {

namespace {

std::string AbiText(std::uint32_t version) {
  return std::to_string(version >> 16) + "." + std::to_string(version & 0xffffu);
}

bool ValidPluginName(const char* name) {
  if (name == nullptr || name[0] < 'a' || name[0] > 'z') return false;
  std::size_t length = 0;
  for (const char* c = name; *c != '\0'; ++c, ++length) {
    const bool ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-';
    if (!ok || length >= 64) return false;
  }
  return true;
}

// The checks PluginLibrary::Open promises, on a descriptor copied within
// the plugin's struct_size. Returns the reason for refusal, or "".
std::string Refusal(const rexian_plugin_descriptor& d, std::uint32_t declared_size) {
  const std::uint32_t major = d.abi_version >> 16;
  if (major != REXIAN_PLUGIN_ABI_MAJOR) {
    return "built for plugin ABI " + AbiText(d.abi_version) + ", this rexian speaks " +
           AbiText(kHostAbiVersion) +
           " (the major versions must match); rebuild it against this rexian's rexian/plugin.h";
  }
  if (declared_size < kDescriptorV1Size) {
    return "descriptor struct_size is " + std::to_string(declared_size) +
           " bytes, smaller than the " + std::to_string(kDescriptorV1Size) +
           " bytes of ABI version 1's rexian_plugin_descriptor (not built against "
           "rexian/plugin.h?)";
  }
  std::vector<const char*> missing;
  if (d.create == nullptr) missing.push_back("create");
  if (d.start == nullptr) missing.push_back("start");
  if (d.stop == nullptr) missing.push_back("stop");
  if (d.destroy == nullptr) missing.push_back("destroy");
  if (!missing.empty()) {
    std::string names;
    for (const char* name : missing) names += (names.empty() ? "" : ", ") + std::string(name);
    return "descriptor lacks the mandatory callback" +
           std::string(missing.size() > 1 ? "s " : " ") + names;
  }
  if (!ValidPluginName(d.name)) {
    return "descriptor name " +
           (d.name == nullptr ? std::string("is NULL")
                              : "\"" + std::string(d.name) + "\" is invalid") +
           "; expected [a-z][a-z0-9_-]{0,63}";
  }
  return "";
}

}  // namespace

std::string PluginLabel(const std::string& instance, const std::string& file) {
  return "plugin '" + instance + "' (" + file + ")";
}

Result<std::unique_ptr<PluginLibrary>> PluginLibrary::Open(const std::string& instance,
                                                           const std::string& file) {
  const std::string label = PluginLabel(instance, file);
  dlerror();  // clear a stale error
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    return Status::NotFound(label + ": cannot load: " + (reason ? reason : "dlopen failed"));
  }
  std::unique_ptr<PluginLibrary> library(new PluginLibrary(handle, file));

  void* symbol = dlsym(handle, REXIAN_PLUGIN_ENTRY_NAME);
  if (symbol == nullptr) {
    return Status::InvalidArgument(label + ": no entry symbol " REXIAN_PLUGIN_ENTRY_NAME
                                           " (is it a rexian plugin, built with "
                                           "REXIAN_PLUGIN_EXPORT?)");
  }
  // POSIX guarantees a data pointer from dlsym converts to a function pointer.
  rexian_plugin_entry_fn entry = nullptr;
  static_assert(sizeof(entry) == sizeof(symbol));
  std::memcpy(&entry, &symbol, sizeof(entry));
  const rexian_plugin_descriptor* descriptor = entry();
  if (descriptor == nullptr) {
    return Status::InvalidArgument(label + ": " REXIAN_PLUGIN_ENTRY_NAME "() returned NULL");
  }

  // Read the two leading members first, then copy only what the plugin
  // declared: an older plugin's descriptor may end before ours does.
  library->declared_size_ = descriptor->struct_size;
  const std::size_t copied =
      std::min<std::size_t>(descriptor->struct_size, sizeof(rexian_plugin_descriptor));
  std::memcpy(&library->descriptor_, descriptor, copied);
  if (descriptor->abi_version >> 16 != REXIAN_PLUGIN_ABI_MAJOR) {
    // Another major may lay the struct out differently: trust nothing but
    // the version word.
    library->descriptor_ = rexian_plugin_descriptor{};
    library->descriptor_.abi_version = descriptor->abi_version;
  }
  if (std::string reason = Refusal(library->descriptor_, library->declared_size_);
      !reason.empty()) {
    return Status::InvalidArgument(label + ": " + reason);
  }
  return library;
}

PluginLibrary::~PluginLibrary() {
  if (!leaked_ && handle_ != nullptr) dlclose(handle_);
}

}  // namespace rexian
