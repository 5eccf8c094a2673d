// FieldReader: key checks, typed reads and typo suggestions.
#include "field_reader.h"

#include <algorithm>
#include <charconv>

namespace rexian::config_internal {

bool ReadText(const ConfigNode& value, const TextRule& rule, ConfigErrors* errors,
              std::string* out) {
  if (!value.node.IsScalar() || !rule.accepts(value.node.Scalar())) {
    errors->Add(value,
                std::string("expected ") + rule.expectation + ", got " + DescribeValue(value.node));
    return false;
  }
  *out = value.node.Scalar();
  return true;
}

std::vector<ConfigNode> SequenceItems(const ConfigNode& sequence, ConfigErrors* errors,
                                      std::size_t first_index) {
  std::vector<ConfigNode> items;
  if (!sequence.node.IsSequence()) {
    errors->Add(sequence, "expected a sequence (a list of \"- \" items), got " +
                              DescribeValue(sequence.node));
    return items;
  }
  std::size_t index = first_index;
  for (const auto& child : sequence.node) items.push_back(sequence.Item(child, index++));
  return items;
}

FieldReader::FieldReader(ConfigNode mapping, std::initializer_list<std::string_view> known,
                         ConfigErrors* errors)
    : mapping_(std::move(mapping)), errors_(errors) {
  if (!mapping_.node.IsMap()) {
    errors_->Add(mapping_,
                 "expected a mapping (key: value lines), got " + DescribeValue(mapping_.node));
    return;
  }
  is_mapping_ = true;
  const std::vector<std::string_view> known_keys(known);
  for (const auto& pair : mapping_.node) {
    const YAML::Node& key_node = pair.first;
    if (!key_node.IsScalar()) {
      errors_->Add(*mapping_.file, key_node.Mark().line + 1, mapping_.path,
                   "expected a plain key, got " + DescribeValue(key_node));
      continue;
    }
    const std::string key = key_node.Scalar();
    ConfigNode key_at = mapping_.Field(key_node, key);
    ConfigNode value = mapping_.Entry(key_node, pair.second, key);
    const bool duplicate =
        std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.key == key; });
    if (duplicate) {
      errors_->Add(key_at, "duplicate key");
      continue;
    }
    if (std::find(known_keys.begin(), known_keys.end(), key) == known_keys.end()) {
      std::string message = "unknown key";
      const std::string suggestion = ClosestName(key, known_keys);
      if (!suggestion.empty()) message += " (did you mean \"" + suggestion + "\"?)";
      errors_->Add(key_at, message);
      continue;
    }
    entries_.push_back({key, std::move(value)});
  }
}

std::optional<ConfigNode> FieldReader::Child(std::string_view key, Presence presence) {
  if (!is_mapping_) return std::nullopt;
  for (const auto& entry : entries_) {
    if (entry.key == key) return entry.value;
  }
  if (presence == Presence::kRequired) {
    errors_->Add(mapping_, "missing required key \"" + std::string(key) + "\"");
  }
  return std::nullopt;
}

bool FieldReader::ReadText(std::string_view key, Presence presence, const TextRule& rule,
                           std::string* out) {
  auto value = Child(key, presence);
  return value && config_internal::ReadText(*value, rule, errors_, out);
}

bool FieldReader::ReadInteger(std::string_view key, Presence presence, std::int64_t min,
                              std::int64_t max, std::int64_t* out) {
  auto value = Child(key, presence);
  if (!value) return false;
  std::int64_t number = 0;
  bool parsed = false;
  if (value->node.IsScalar()) {
    const std::string& text = value->node.Scalar();
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    parsed = !text.empty() && error == std::errc() && end == text.data() + text.size();
  }
  if (!parsed || number < min || number > max) {
    errors_->Add(*value, "expected an integer from " + std::to_string(min) + " to " +
                             std::to_string(max) + ", got " + DescribeValue(value->node));
    return false;
  }
  *out = number;
  return true;
}

bool FieldReader::ReadBool(std::string_view key, Presence presence, bool* out) {
  auto value = Child(key, presence);
  if (!value) return false;
  if (value->node.IsScalar() &&
      (value->node.Scalar() == "true" || value->node.Scalar() == "false")) {
    *out = value->node.Scalar() == "true";
    return true;
  }
  errors_->Add(*value, "expected true or false, got " + DescribeValue(value->node));
  return false;
}

std::vector<ConfigNode> FieldReader::ReadSequence(std::string_view key, Presence presence) {
  auto value = Child(key, presence);
  if (!value) return {};
  return SequenceItems(*value, errors_);
}

std::vector<ConfigNode> FieldReader::ReadNonEmptySequence(std::string_view key,
                                                          std::string_view item) {
  auto value = Child(key, Presence::kRequired);
  if (!value) return {};
  std::vector<ConfigNode> items = SequenceItems(*value, errors_);
  if (items.empty() && value->node.IsSequence()) {
    errors_->Add(*value, "expected at least one " + std::string(item) + ", got an empty list");
  }
  return items;
}

namespace {

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string ClosestName(std::string_view word, std::span<const std::string_view> candidates) {
  std::string best;
  std::size_t best_distance = 3;  // more than two edits away is not a typo
  for (std::string_view candidate : candidates) {
    const std::size_t distance = EditDistance(word, candidate);
    if (distance < best_distance && distance < std::max(word.size(), candidate.size())) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace rexian::config_internal
