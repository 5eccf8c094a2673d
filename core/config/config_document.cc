// ConfigDocument: reading files, resolving includes, merging sections.
#include "config_document.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include "field_reader.h"

namespace rexian::config_internal {

namespace fs = std::filesystem;

const std::vector<ConfigNode>& ConfigDocument::Parts(std::string_view name) const {
  static const std::vector<ConfigNode> kNone;
  const auto it = sections.find(name);
  return it == sections.end() ? kNone : it->second;
}

namespace {

constexpr std::string_view kIncludeKey = "include";

class DocumentReader {
 public:
  DocumentReader(std::span<const SectionSpec> sections, ConfigErrors* errors)
      : specs_(sections), errors_(errors) {}

  // Reads `display_path`; `included_from` is the include item naming it
  // (nullptr for the entry file), used to place errors about the file itself.
  void ReadFile(const std::string& display_path, const ConfigNode* included_from);

  ConfigDocument Take() { return std::move(document_); }

 private:
  void ReportAtInclude(const ConfigNode* included_from, const std::string& display_path,
                       const std::string& message);
  bool ParseText(const std::string& display_path, const ConfigNode* included_from,
                 YAML::Node* root);
  void AddSections(const ConfigNode& root);
  void FollowIncludes(const ConfigNode& list, const std::string& display_path);

  struct OpenFile {
    std::string identity;  // canonical path
    std::string display;
  };

  std::span<const SectionSpec> specs_;
  ConfigErrors* errors_;
  ConfigDocument document_;
  std::vector<OpenFile> stack_;                       // files being read, for cycles
  std::map<std::string, std::string> seen_;           // identity -> where it was included
  std::map<std::string, std::string> section_where_;  // section -> its first key
};

void DocumentReader::ReportAtInclude(const ConfigNode* included_from,
                                     const std::string& display_path, const std::string& message) {
  if (included_from != nullptr) {
    errors_->Add(*included_from, message);
  } else {
    errors_->Add(display_path, 0, "", message);
  }
}

bool DocumentReader::ParseText(const std::string& display_path, const ConfigNode* included_from,
                               YAML::Node* root) {
  std::error_code ec;
  if (!fs::exists(display_path, ec)) {
    ReportAtInclude(included_from, display_path,
                    "cannot read \"" + display_path + "\": no such file");
    return false;
  }
  if (fs::is_directory(display_path, ec)) {
    ReportAtInclude(included_from, display_path,
                    "cannot read \"" + display_path + "\": it is a directory");
    return false;
  }
  std::ifstream in(display_path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    ReportAtInclude(included_from, display_path, "cannot read \"" + display_path + "\"");
    return false;
  }
  try {
    *root = YAML::Load(text.str());
  } catch (const YAML::Exception& e) {
    errors_->Add(display_path, e.mark.line < 0 ? 0 : e.mark.line + 1, "",
                 "YAML syntax error: " + e.msg);
    return false;
  }
  return true;
}

void DocumentReader::ReadFile(const std::string& display_path, const ConfigNode* included_from) {
  std::error_code ec;
  std::string identity = fs::weakly_canonical(display_path, ec).string();
  if (ec) identity = fs::absolute(display_path, ec).lexically_normal().string();

  const auto open = std::find_if(stack_.begin(), stack_.end(),
                                 [&](const OpenFile& f) { return f.identity == identity; });
  if (open != stack_.end()) {
    std::string cycle;
    for (auto it = open; it != stack_.end(); ++it) cycle += it->display + " -> ";
    ReportAtInclude(included_from, display_path, "include cycle: " + cycle + display_path);
    return;
  }
  if (const auto seen = seen_.find(identity); seen != seen_.end()) {
    ReportAtInclude(included_from, display_path,
                    "\"" + display_path + "\" is already included (at " + seen->second + ")");
    return;
  }
  seen_[identity] = included_from ? included_from->where() : display_path;

  YAML::Node root;
  if (!ParseText(display_path, included_from, &root)) return;
  if (root.IsNull()) return;  // an empty file contributes nothing
  const ConfigNode top{root, std::make_shared<const std::string>(display_path), "", root.Mark()};
  if (!root.IsMap()) {
    errors_->Add(top, "expected a mapping of top-level sections, got " + DescribeValue(root));
    return;
  }
  stack_.push_back({identity, display_path});
  AddSections(top);
  stack_.pop_back();
}

void DocumentReader::AddSections(const ConfigNode& top) {
  std::vector<std::string_view> known{kIncludeKey};
  for (const auto& spec : specs_) known.push_back(spec.name);

  std::optional<ConfigNode> includes;
  for (const auto& pair : top.node) {
    const std::string key = pair.first.IsScalar() ? pair.first.Scalar() : std::string();
    const ConfigNode key_at = top.Field(pair.first, key);
    ConfigNode value = top.Entry(pair.first, pair.second, key);
    if (key == kIncludeKey) {
      if (includes) {
        errors_->Add(key_at, "duplicate key");
      } else {
        includes = value;
      }
      continue;
    }
    const auto spec = std::find_if(specs_.begin(), specs_.end(),
                                   [&](const SectionSpec& s) { return s.name == key; });
    if (spec == specs_.end()) {
      std::string message = "unknown top-level key";
      const std::string suggestion = ClosestName(key, known);
      if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
      errors_->Add(key_at, message);
      continue;
    }
    auto& parts = document_.sections[key];
    const auto [first, inserted] = section_where_.emplace(key, key_at.where());
    if (!inserted && spec->shape == SectionShape::kSingle) {
      errors_->Add(key_at, "section \"" + key + "\" is already defined at " + first->second);
      continue;
    }
    parts.push_back(std::move(value));
  }
  if (includes) FollowIncludes(*includes, *top.file);
}

void DocumentReader::FollowIncludes(const ConfigNode& list, const std::string& display_path) {
  const fs::path directory = fs::path(display_path).parent_path();
  for (const ConfigNode& item : SequenceItems(list, errors_)) {
    std::string relative;
    if (!ReadText(item, kAnyText, errors_, &relative)) continue;
    const fs::path target = fs::path(relative).is_absolute()
                                ? fs::path(relative)
                                : (directory / relative).lexically_normal();
    ReadFile(target.string(), &item);
  }
}

}  // namespace

ConfigDocument ReadConfigDocument(const std::string& entry_path,
                                  std::span<const SectionSpec> sections, ConfigErrors* errors) {
  DocumentReader reader(sections, errors);
  reader.ReadFile(entry_path, nullptr);
  return reader.Take();
}

}  // namespace rexian::config_internal
