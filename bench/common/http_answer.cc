// Status line, Content-Length and Connection of an answer; nothing else is needed.
#include "common/http_answer.h"

#include <charconv>

namespace rexian::bench {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

bool ParseHttpAnswer(std::string_view in, HttpAnswer* answer, std::string* error) {
  const std::size_t head_end = in.find("\r\n\r\n");
  if (head_end == std::string_view::npos) return false;
  std::string_view head = in.substr(0, head_end);
  if (head.size() < 12 || !head.starts_with("HTTP/1.1 ")) {
    *error = "malformed status line: " + std::string(head.substr(0, 80));
    return false;
  }
  std::from_chars(head.data() + 9, head.data() + 12, answer->status);
  std::size_t length = 0;
  bool has_length = false;
  std::size_t line = head.find("\r\n");
  while (line != std::string_view::npos) {
    std::size_t next = head.find("\r\n", line + 2);
    std::string_view field =
        head.substr(line + 2, next == std::string_view::npos ? std::string_view::npos : next - line - 2);
    std::size_t colon = field.find(':');
    if (colon != std::string_view::npos) {
      std::string_view name = field.substr(0, colon);
      std::string_view value = field.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (EqualsIgnoreCase(name, "content-length")) {
        has_length = std::from_chars(value.data(), value.data() + value.size(), length).ec == std::errc();
      } else if (EqualsIgnoreCase(name, "connection") && EqualsIgnoreCase(value, "close")) {
        *error = "the server closes the connection (Connection: close)";
        return false;
      }
    }
    line = next;
  }
  if (!has_length) {
    *error = "an answer without Content-Length";
    return false;
  }
  if (in.size() < head_end + 4 + length) return false;
  answer->body = in.substr(head_end + 4, length);
  answer->size = head_end + 4 + length;
  return true;
}

}  // namespace rexian::bench
