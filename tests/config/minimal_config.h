// A small valid configuration, file by file, that tests break one file at a time.
#pragma once

#include <map>
#include <string>

namespace rexian::testing {

// File name -> YAML text. The entry file is "rexian.yaml"; it includes the
// others. Every text starts at line 1 so tests can name exact lines.
std::map<std::string, std::string> MinimalConfigFiles();

// Bearer tokens whose SHA-256 the minimal users.yaml stores.
inline constexpr const char* kMinimalAgentToken = "rxn_test_agent";
inline constexpr const char* kMinimalDepartmentToken = "rxn_test_dept";

}  // namespace rexian::testing
