// Shared pieces of the schema tests: the shipped registry and JSON literals.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <fstream>
#include <string>
#include <string_view>

#include "rexian/schema_registry.h"

namespace rexian::testing {

// The repository's own schemas/ folder.
inline std::string ShippedSchemasDir() { return std::string(REXIAN_SOURCE_DIR) + "/schemas"; }

// The registry loaded from schemas/ once per test run; aborts the test run
// with the load error if it fails.
const SchemaRegistry& ShippedRegistry();

inline boost::json::value Json(std::string_view text) { return boost::json::parse(text); }

// Writes `text` to `path`, creating no directories.
inline void WriteFile(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace rexian::testing
