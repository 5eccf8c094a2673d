// ConfigDocument: the entry file and every file it includes, as top-level sections.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config_errors.h"
#include "config_node.h"

namespace rexian::config_internal {

// How a top-level section may be spread over files.
enum class SectionShape : std::uint8_t {
  kSingle,  // defined in one file only (a mapping or a scalar)
  kList,    // a sequence; parts in several files are concatenated
};

struct SectionSpec {
  std::string_view name;
  SectionShape shape;
};

// The top-level sections found, each as its parts in reading order: a file's
// own sections first, then each file it includes, depth first.
struct ConfigDocument {
  std::map<std::string, std::vector<ConfigNode>, std::less<>> sections;

  // The parts of `name` (empty when the section appears nowhere).
  const std::vector<ConfigNode>& Parts(std::string_view name) const;
};

// Reads `entry_path` and, recursively, every file named in an `include:`
// list (paths relative to the including file's directory). Reports unreadable
// files and YAML syntax errors, include cycles, files included twice,
// unknown top-level keys, and a kSingle section defined in two files.
ConfigDocument ReadConfigDocument(const std::string& entry_path,
                                  std::span<const SectionSpec> sections, ConfigErrors* errors);

}  // namespace rexian::config_internal
