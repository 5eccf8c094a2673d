// FieldReader: typed, checked access to the keys of one YAML mapping.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config_errors.h"
#include "config_node.h"
#include "text_rules.h"

namespace rexian::config_internal {

enum class Presence : std::uint8_t { kRequired, kOptional };

// One accepted spelling of an enumerated value.
template <typename E>
struct Choice {
  const char* name;
  E value;
};

// Reads a scalar as text satisfying `rule`; reports and returns false otherwise.
bool ReadText(const ConfigNode& value, const TextRule& rule, ConfigErrors* errors,
              std::string* out);

// The items of a sequence, each with path "<path>[i]" counted from
// `first_index`; reports (and yields nothing for) a non-sequence.
std::vector<ConfigNode> SequenceItems(const ConfigNode& sequence, ConfigErrors* errors,
                                      std::size_t first_index = 0);

// Wraps one mapping. On construction reports a non-mapping, duplicate keys,
// and keys not in `known` (suggesting the closest known key), so that a typo
// never silently leaves a default in place. Each Read* stores into *out only
// a valid value and returns whether it did; a missing optional key leaves
// *out (its default) alone, a missing required key is reported.
class FieldReader {
 public:
  FieldReader(ConfigNode mapping, std::initializer_list<std::string_view> known,
              ConfigErrors* errors);

  // False when the node was not a mapping (already reported).
  bool is_mapping() const { return is_mapping_; }
  const ConfigNode& node() const { return mapping_; }

  // The value under `key`, if present.
  std::optional<ConfigNode> Child(std::string_view key, Presence presence);

  bool ReadText(std::string_view key, Presence presence, const TextRule& rule, std::string* out);
  // An integer in [min, max].
  bool ReadInteger(std::string_view key, Presence presence, std::int64_t min, std::int64_t max,
                   std::int64_t* out);
  // Exactly `true` or `false` (not yes/no/on/off).
  bool ReadBool(std::string_view key, Presence presence, bool* out);
  // A sequence's items (empty when absent or wrong).
  std::vector<ConfigNode> ReadSequence(std::string_view key, Presence presence);
  // A required sequence that must not be empty; `item` names one element
  // in the message ("expected at least one <item>, got an empty list").
  std::vector<ConfigNode> ReadNonEmptySequence(std::string_view key, std::string_view item);

  // One of `choices` by name.
  template <typename E>
  bool ReadChoice(std::string_view key, Presence presence, std::span<const Choice<E>> choices,
                  E* out) {
    std::string text;
    auto value = Child(key, presence);
    if (!value || !config_internal::ReadText(*value, kAnyText, errors_, &text)) return false;
    for (const auto& choice : choices) {
      if (text == choice.name) {
        *out = choice.value;
        return true;
      }
    }
    std::string names;
    for (const auto& choice : choices) {
      if (!names.empty()) names += ", ";
      names += choice.name;
    }
    errors_->Add(*value, "expected one of " + names + ", got \"" + text + "\"");
    return false;
  }

 private:
  struct Entry {
    std::string key;
    ConfigNode value;
  };

  ConfigNode mapping_;
  ConfigErrors* errors_;
  bool is_mapping_ = false;
  std::vector<Entry> entries_;
};

// The element of `candidates` closest to `word` by edit distance, or empty
// when none is close enough to be a likely typo.
std::string ClosestName(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace rexian::config_internal
