// ConfigErrors: message formatting.
#include "config_errors.h"

namespace rexian::config_internal {

namespace {
// Stops a badly broken file from producing an unreadable wall of errors.
constexpr std::size_t kMaxReported = 100;
}  // namespace

void ConfigErrors::Add(const ConfigNode& at, std::string_view message) {
  Add(*at.file, at.line(), at.path, message);
}

void ConfigErrors::Add(const std::string& file, int line, std::string_view key_path,
                       std::string_view message) {
  std::string text = file;
  if (line > 0) text += ":" + std::to_string(line);
  text += ": ";
  if (!key_path.empty()) {
    text += key_path;
    text += ": ";
  }
  text += message;
  messages_.push_back(std::move(text));
}

Status ConfigErrors::ToStatus() const {
  if (messages_.empty()) return Status::OK();
  std::string text;
  const std::size_t shown = std::min(messages_.size(), kMaxReported);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) text += '\n';
    text += messages_[i];
  }
  if (messages_.size() > shown) {
    text += "\n... and " + std::to_string(messages_.size() - shown) + " more errors";
  }
  return Status::InvalidArgument(std::move(text));
}

std::string DescribeValue(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return "\"" + node.Scalar() + "\"";
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return "nothing";
  }
  return "nothing";
}

}  // namespace rexian::config_internal
