// OptionTable: a plugin's settings declared once in a table (name, type,
// default, description, where the value goes, bounds), from which parsing,
// defaults and the Markdown table of docs/plugins/<plugin>.md all follow.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kit/expected.h"

namespace rexian::plugin_kit {

// What an option holds, as the docs name it (OptionTypeName). kString,
// kBool, kInteger and kNumber rows are read by the kit; kList and kEnum rows
// by the plugin's own OptionParser.
enum class OptionType { kString, kBool, kInteger, kNumber, kList, kEnum };

// "string", "bool", "integer", "number", "list", "enum".
const char* OptionTypeName(OptionType type);

// A plugin's reader for an option of its own kind (a list of records, an
// enum): reads `value`, stores it in `*options` and returns nullopt, or
// returns a message beginning with `where` (the option's name, with the
// enclosing list entry's path for nested tables: "accounts[0].mode").
template <typename Options>
using OptionParser = std::optional<std::string> (*)(const boost::json::value& value,
                                                    const std::string& where, Options* options);

// Where an option's value goes: a member of the plugin's options struct, or
// the plugin's own parser.
template <typename Options>
using OptionTarget = std::variant<std::string Options::*, bool Options::*, std::int64_t Options::*,
                                  double Options::*, OptionParser<Options>>;

// One row of an option table.
template <typename Options>
struct OptionSpec {
  const char* name;
  OptionType type;
  // As written in YAML (JSON text for kList, "[]" for an empty list). ""
  // leaves the member as the struct initialises it.
  const char* default_value;
  const char* description;  // Markdown, for the docs table
  OptionTarget<Options> target;
  double min = 0;  // kInteger / kNumber: inclusive bounds
  double max = 0;
  const char* choices = nullptr;  // kString: "zh|en", or nullptr for free text
  bool required = false;          // must be given (a string: non-empty)
};

// Reads one value of a kit-read type; on success stores it in *out and
// returns nullopt, else returns "<where>: expected ...". Strings accept
// numbers (printed) but not bools; bools accept true/false and their
// strings; integers and numbers accept numeric strings and must lie in
// [min, max] ("<where>: expected an integer in [1, 1000]").
std::optional<std::string> ReadStringOption(const boost::json::value& value, const char* choices,
                                            const std::string& where, std::string* out);
std::optional<std::string> ReadBoolOption(const boost::json::value& value, const std::string& where,
                                          bool* out);
std::optional<std::string> ReadIntegerOption(const boost::json::value& value, double min, double max,
                                             const std::string& where, std::int64_t* out);
std::optional<std::string> ReadNumberOption(const boost::json::value& value, double min, double max,
                                            const std::string& where, double* out);

// A row's default as a JSON value: the parsed text for kList, the string
// itself otherwise. nullopt when a kList default is not JSON.
std::optional<boost::json::value> DefaultValueOf(OptionType type, const char* default_value);

// The `config:` block as an object: "" and null are an empty object.
// Failures: "configuration is not JSON: <reason>", "configuration: expected
// an object of options".
Expected<boost::json::object> ParseConfigObject(std::string_view config_json);

// The documented side of a row: everything but where the value goes. What
// a plugin with several tables (an instance's and its list entries') can
// list in one loop.
struct OptionDoc {
  const char* name;
  OptionType type;
  const char* default_value;
  const char* description;
  double min = 0;
  double max = 0;
  const char* choices = nullptr;
  bool required = false;
};

// The documented side of each row of `table`, in table order.
template <typename Options>
std::vector<OptionDoc> OptionDocsOf(const std::vector<OptionSpec<Options>>& table) {
  std::vector<OptionDoc> docs;
  docs.reserve(table.size());
  for (const OptionSpec<Options>& spec : table) {
    docs.push_back({spec.name, spec.type, spec.default_value, spec.description, spec.min, spec.max,
                    spec.choices, spec.required});
  }
  return docs;
}

// The Markdown table of `docs` as docs/plugins/<plugin>.md shows it: the
// header "| option | type | default | description |", its separator, then
// one row per option, "| `name` | type | `default` | description |" (with
// "required" for a required option without a default, "(empty)" for one
// whose default is the empty string).
std::string MarkdownOptionTable(const std::vector<OptionDoc>& docs);

// Stores `value` as `spec` says. Returns nullopt, or a message beginning with
// `where`.
template <typename Options>
std::optional<std::string> ApplyOption(const OptionSpec<Options>& spec,
                                       const boost::json::value& value, const std::string& where,
                                       Options* options) {
  if (auto* m = std::get_if<std::string Options::*>(&spec.target)) {
    return ReadStringOption(value, spec.choices, where, &(options->**m));
  }
  if (auto* m = std::get_if<bool Options::*>(&spec.target)) {
    return ReadBoolOption(value, where, &(options->**m));
  }
  if (auto* m = std::get_if<std::int64_t Options::*>(&spec.target)) {
    return ReadIntegerOption(value, spec.min, spec.max, where, &(options->**m));
  }
  if (auto* m = std::get_if<double Options::*>(&spec.target)) {
    return ReadNumberOption(value, spec.min, spec.max, where, &(options->**m));
  }
  return std::get<OptionParser<Options>>(spec.target)(value, where, options);
}

// Gives every row with a non-empty default its default. `prefix` is put
// before each name in messages ("accounts[0]." for a nested table); a
// failure reads "default of <prefix><name>: ...".
template <typename Options>
std::optional<std::string> ApplyDefaults(const std::vector<OptionSpec<Options>>& table,
                                         const std::string& prefix, Options* options) {
  for (const OptionSpec<Options>& spec : table) {
    if (*spec.default_value == '\0') continue;
    const std::string where = prefix + spec.name;
    auto value = DefaultValueOf(spec.type, spec.default_value);
    if (!value) return "default of " + where + " is not JSON";
    if (auto error = ApplyOption(spec, *value, where, options)) return "default of " + *error;
  }
  return std::nullopt;
}

// Applies each member of `object` to the row of the same name; a member
// given as null keeps its default. Then checks the required rows. Failures
// name the member with `prefix`: "<prefix><key>: <unknown>" for a key no
// row has (`unknown` is e.g. "unknown option (see docs/plugins/web.md)"),
// "<prefix><name>: required" for a required row not given or empty.
template <typename Options>
std::optional<std::string> ApplyMembers(const std::vector<OptionSpec<Options>>& table,
                                        const boost::json::object& object,
                                        const std::string& prefix, std::string_view unknown,
                                        Options* options) {
  std::vector<bool> given(table.size(), false);
  for (const auto& member : object) {
    std::size_t row = 0;
    while (row < table.size() && member.key() != table[row].name) ++row;
    const std::string where = prefix + std::string(member.key());
    if (row == table.size()) return where + ": " + std::string(unknown);
    if (member.value().is_null()) continue;  // "key:" with nothing after it
    if (auto error = ApplyOption(table[row], member.value(), where, options)) return error;
    given[row] = true;
  }
  for (std::size_t row = 0; row < table.size(); ++row) {
    if (!table[row].required) continue;
    const auto* text = std::get_if<std::string Options::*>(&table[row].target);
    if (!given[row] || (text != nullptr && (options->**text).empty())) {
      return prefix + table[row].name + ": required";
    }
  }
  return std::nullopt;
}

// Reads a plugin's whole `config:` block: defaults first, then the given
// options. `doc_page` is named in the unknown-option message
// ("colour: unknown option (see docs/plugins/web.md)"). Checks that span
// several options are the plugin's, after this.
template <typename Options>
Expected<Options> ParseOptionTable(const std::vector<OptionSpec<Options>>& table,
                                   std::string_view config_json, std::string_view doc_page) {
  Options options{};
  if (auto error = ApplyDefaults(table, "", &options)) return Failure{*error};
  auto object = ParseConfigObject(config_json);
  if (!object.ok()) return Failure{object.error()};
  const std::string unknown = "unknown option (see " + std::string(doc_page) + ")";
  if (auto error = ApplyMembers(table, *object, "", unknown, &options)) return Failure{*error};
  return options;
}

}  // namespace rexian::plugin_kit
