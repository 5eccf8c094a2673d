// ConfigErrors: collects every configuration error, each naming file, line and key.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "config_node.h"
#include "rexian/status.h"

namespace rexian::config_internal {

// The loader reports every error it finds rather than stopping at the first,
// so an operator fixes a broken file in one pass. Each message reads
// "<file>:<line>: <key path>: <message>".
class ConfigErrors {
 public:
  // Reports a problem with the value at `at`.
  void Add(const ConfigNode& at, std::string_view message);
  // Reports a problem at an explicit place (line 0 omits the line).
  void Add(const std::string& file, int line, std::string_view key_path, std::string_view message);

  bool empty() const { return messages_.empty(); }
  std::size_t count() const { return messages_.size(); }
  const std::vector<std::string>& messages() const { return messages_; }

  // OK when empty; otherwise InvalidArgument with one message per line.
  Status ToStatus() const;

 private:
  std::vector<std::string> messages_;
};

// How a value appears in a message: "\"12a\"" for a scalar, "a mapping",
// "a sequence" or "nothing" otherwise.
std::string DescribeValue(const YAML::Node& node);

}  // namespace rexian::config_internal
