// IsLowerName and IsSha256Hex.
#include "kit/text_shapes.h"

namespace rexian::plugin_kit {

bool IsLowerName(std::string_view text, std::size_t max_size, std::string_view inner_punctuation) {
  if (text.empty() || text.size() > max_size) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    (i > 0 && inner_punctuation.find(c) != std::string_view::npos);
    if (!ok) return false;
  }
  return true;
}

bool IsSha256Hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace rexian::plugin_kit
