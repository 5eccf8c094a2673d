// CodeRegistry: remembers where each code was first defined, to report duplicates.
#pragma once

#include <map>
#include <string>

#include "config_errors.h"
#include "config_node.h"

namespace rexian::config_internal {

// Codes of one kind (platform codes, user ids, ...) and where each appeared.
class CodeRegistry {
 public:
  // `what` names the kind in messages: "code", "token hash", ...
  explicit CodeRegistry(std::string what) : what_(std::move(what)) {}

  // Records `code` defined at `at`; reports and returns false if it was
  // already defined.
  bool Register(const std::string& code, const ConfigNode& at, ConfigErrors* errors) {
    const auto [it, inserted] = where_.emplace(code, at.where());
    if (!inserted) {
      errors->Add(at,
                  "duplicate " + what_ + " \"" + code + "\" (first defined at " + it->second + ")");
    }
    return inserted;
  }

  bool Contains(const std::string& code) const { return where_.count(code) != 0; }

 private:
  std::string what_;
  std::map<std::string, std::string> where_;
};

}  // namespace rexian::config_internal
