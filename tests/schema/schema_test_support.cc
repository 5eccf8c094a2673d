// Shared pieces of the schema tests: the shipped registry.
#include "schema_test_support.h"

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace rexian::testing {

const SchemaRegistry& ShippedRegistry() {
  static const std::unique_ptr<SchemaRegistry> registry = [] {
    auto loaded = SchemaRegistry::Load(ShippedSchemasDir());
    if (!loaded.ok()) {
      std::fprintf(stderr, "cannot load %s: %s\n", ShippedSchemasDir().c_str(),
                   loaded.status().ToString().c_str());
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return *registry;
}

}  // namespace rexian::testing
