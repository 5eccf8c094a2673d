// LineFramer: splits a byte stream into bounded lines.
#include "plugin_host/json_lines.h"

namespace rexian {

void LineFramer::Feed(std::string_view bytes,
                      const std::function<void(const FramedLine&)>& on_line) {
  while (!bytes.empty()) {
    const std::size_t newline = bytes.find('\n');
    const std::string_view piece = bytes.substr(0, newline);
    if (partial_.size() < max_line_bytes_) {
      partial_.append(piece.substr(0, max_line_bytes_ - partial_.size()));
    }
    partial_length_ += piece.size();
    if (newline == std::string_view::npos) return;
    Emit(on_line);
    bytes.remove_prefix(newline + 1);
  }
}

void LineFramer::Finish(const std::function<void(const FramedLine&)>& on_line) {
  if (partial_length_ > 0) Emit(on_line);
}

void LineFramer::Emit(const std::function<void(const FramedLine&)>& on_line) {
  FramedLine line;
  line.number = ++lines_;
  line.length = partial_length_;
  line.oversize = partial_length_ > max_line_bytes_;
  std::string_view text = partial_;
  if (!line.oversize && !text.empty() && text.back() == '\r') text.remove_suffix(1);
  line.text = text;
  on_line(line);
  partial_.clear();
  partial_length_ = 0;
}

}  // namespace rexian
