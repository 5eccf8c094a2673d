// ConfigNode: a YAML node together with the file and key path it came from.
#pragma once

#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>

namespace rexian::config_internal {

// Every value the parsers look at travels with its origin, so that any error
// about it can name the file, the line and the key path.
struct ConfigNode {
  YAML::Node node;
  std::shared_ptr<const std::string> file;  // as displayed, e.g. "config/users.yaml"
  std::string path;                         // e.g. "taxonomy.domains[2].code"
  YAML::Mark mark;                          // where errors about it point

  // 1-based line errors name (0 if yaml-cpp has no mark).
  int line() const { return mark.line < 0 ? 0 : mark.line + 1; }
  // "<file>:<line>".
  std::string where() const { return *file + ":" + std::to_string(line()); }

  // A child origin: same file, `node`, path extended by ".key" or "[i]".
  ConfigNode Field(const YAML::Node& child, const std::string& key) const {
    return {child, file, path.empty() ? key : path + "." + key, child.Mark()};
  }
  ConfigNode Item(const YAML::Node& child, std::size_t index) const {
    return {child, file, path + "[" + std::to_string(index) + "]", child.Mark()};
  }
  // The value of mapping entry `key_node: value`. An empty value has no
  // useful mark of its own (yaml-cpp points past it), so it takes the key's.
  ConfigNode Entry(const YAML::Node& key_node, const YAML::Node& value,
                   const std::string& key) const {
    ConfigNode entry = Field(value, key);
    if (value.IsNull()) entry.mark = key_node.Mark();
    return entry;
  }
};

}  // namespace rexian::config_internal
