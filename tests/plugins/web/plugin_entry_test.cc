// The built library: one exported entry, a version-1 descriptor.
#include <dlfcn.h>

#include <catch2/catch.hpp>
#include <string>

#include "rexian/plugin.h"

namespace rexian::web {
namespace {

TEST_CASE("rexian_plugin_web.so exports a descriptor of this ABI", "[plugins][web]") {
  const std::string path = std::string(REXIAN_BINARY_DIR) + "/plugins/rexian_plugin_web.so";
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  INFO((library == nullptr ? dlerror() : path));
  REQUIRE(library != nullptr);
  auto entry = reinterpret_cast<rexian_plugin_entry_fn>(dlsym(library, REXIAN_PLUGIN_ENTRY_NAME));
  REQUIRE(entry != nullptr);
  const rexian_plugin_descriptor* d = entry();
  REQUIRE(d != nullptr);
  CHECK(d->abi_version >> 16 == REXIAN_PLUGIN_ABI_MAJOR);
  CHECK(d->struct_size == sizeof(rexian_plugin_descriptor));
  CHECK(std::string(d->name) == "web");
  CHECK(d->create != nullptr);
  CHECK(d->start != nullptr);
  CHECK(d->stop != nullptr);
  CHECK(d->destroy != nullptr);
  CHECK(d->deliver == nullptr);  // the web cannot reach a citizen: no replies
  // Nothing of the plugin's internals is visible to the host.
  CHECK(dlsym(library, "_ZN6rexian3web15ParseWebOptionsESt17basic_string_viewIcSt11char_traitsIcEE") == nullptr);
  dlclose(library);
}

}  // namespace
}  // namespace rexian::web
