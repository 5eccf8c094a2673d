// AmiReader: line framing and "Key: Value" parsing of the AMI stream.
#include "phone/ami_message.h"

namespace rexian::phone {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// AMI keys are tokens: letters, digits and a few punctuation marks.
bool KeyChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '(' || c == ')' || c == '/' || c == '[' || c == ']';
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view AmiMessage::Get(std::string_view key) const {
  for (const auto& [k, v] : headers) {
    if (EqualsIgnoringCase(k, key)) return v;
  }
  return {};
}

bool AmiMessage::Has(std::string_view key) const {
  for (const auto& [k, v] : headers) {
    if (EqualsIgnoringCase(k, key)) return true;
  }
  return false;
}

AmiReader::AmiReader(AmiReaderLimits limits) : limits_(limits) {}

void AmiReader::Reset() {
  partial_.clear();
  discarding_ = false;
  message_ = AmiMessage{};
  banner_.reset();
  first_line_ = true;
}

void AmiReader::Feed(std::string_view bytes, std::vector<AmiMessage>* out) {
  while (!bytes.empty()) {
    const std::size_t newline = bytes.find('\n');
    const std::string_view piece = bytes.substr(0, newline);
    if (!discarding_) {
      if (partial_.size() + piece.size() > limits_.max_line_bytes) {
        discarding_ = true;
        partial_.clear();
      } else {
        partial_.append(piece);
      }
    }
    if (newline == std::string_view::npos) return;  // the line goes on in the next read
    bytes.remove_prefix(newline + 1);
    if (discarding_) {
      discarding_ = false;
      ++garbage_lines_;
      first_line_ = false;
      continue;
    }
    std::string line = std::move(partial_);
    partial_.clear();
    if (!line.empty() && line.back() == '\r') line.pop_back();
    Line(line, out);
  }
}

void AmiReader::Line(std::string_view line, std::vector<AmiMessage>* out) {
  const bool first = first_line_;
  first_line_ = false;
  if (line.empty()) {
    if (!message_.headers.empty()) out->push_back(std::move(message_));
    message_ = AmiMessage{};
    return;
  }
  const std::size_t colon = line.find(':');
  const std::string_view key = colon == std::string_view::npos ? line : line.substr(0, colon);
  bool valid = colon != std::string_view::npos && !key.empty();
  for (char c : key) valid = valid && KeyChar(c);
  if (!valid) {
    if (first && line.find("Call Manager") != std::string_view::npos) {
      banner_ = std::string(line);
    } else {
      ++garbage_lines_;
    }
    return;
  }
  if (message_.headers.size() >= limits_.max_headers) {
    ++garbage_lines_;
    return;
  }
  message_.headers.emplace_back(std::string(key), std::string(TrimSpaces(line.substr(colon + 1))));
}

std::string AmiAction(const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string out;
  for (const auto& [key, value] : headers) {
    if (key.find_first_of("\r\n:") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      return "";
    }
    out += key + ": " + value + "\r\n";
  }
  return out + "\r\n";
}

}  // namespace rexian::phone
