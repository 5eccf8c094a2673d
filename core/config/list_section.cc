// Items of a list section spread over several files.
#include "field_reader.h"
#include "sections.h"

namespace rexian::config_internal {

std::vector<ConfigNode> ListSectionItems(const std::vector<ConfigNode>& parts,
                                         ConfigErrors* errors) {
  std::vector<ConfigNode> items;
  for (const ConfigNode& part : parts) {
    if (part.node.IsNull()) continue;  // "users:" with nothing under it is an empty list
    for (ConfigNode& item : SequenceItems(part, errors, items.size())) {
      items.push_back(std::move(item));
    }
  }
  return items;
}

}  // namespace rexian::config_internal
