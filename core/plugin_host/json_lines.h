// LineFramer: splits a byte stream (a child's stdout or stderr) into bounded lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace rexian {

// One line taken from the stream. `text` excludes the '\n' (and a '\r'
// before it). `oversize` lines were longer than the limit: `text` then holds
// only their first `max_line_bytes` bytes and the rest was discarded.
struct FramedLine {
  std::uint64_t number = 0;  // 1 for the stream's first line
  std::string_view text;     // borrowed: valid during the callback only
  std::size_t length = 0;    // the line's full length in bytes
  bool oversize = false;
};

// Cuts the bytes it is fed at '\n'. Memory stays bounded by
// max_line_bytes however long a line is. Not thread-safe: one reader.
class LineFramer {
 public:
  explicit LineFramer(std::size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

  // Appends `bytes` and calls `on_line` for each line it completes, in order.
  void Feed(std::string_view bytes, const std::function<void(const FramedLine&)>& on_line);

  // At end of stream: hands over an unterminated last line, if any (a
  // writer that died mid-line). Afterwards the framer is empty.
  void Finish(const std::function<void(const FramedLine&)>& on_line);

  // Lines completed so far.
  std::uint64_t lines() const { return lines_; }

 private:
  void Emit(const std::function<void(const FramedLine&)>& on_line);

  const std::size_t max_line_bytes_;
  std::string partial_;             // the current line's kept bytes
  std::size_t partial_length_ = 0;  // the current line's length so far, kept or not
  std::uint64_t lines_ = 0;
};

}  // namespace rexian
