// The kit-read option types, defaults, the `config:` object and docs rows.
#include "kit/option_table.h"

#include <boost/json/parse.hpp>
#include <cmath>

#include "kit/json_scalars.h"

namespace rexian::plugin_kit {
namespace {

namespace json = boost::json;

std::string Range(double min, double max) {
  return "[" + NumberText(min) + ", " + NumberText(max) + "]";
}

bool IsChoice(std::string_view choices, std::string_view text) {
  for (std::size_t start = 0; start <= choices.size();) {
    std::size_t bar = choices.find('|', start);
    if (bar == std::string_view::npos) bar = choices.size();
    if (choices.substr(start, bar - start) == text) return true;
    start = bar + 1;
  }
  return false;
}

}  // namespace

const char* OptionTypeName(OptionType type) {
  switch (type) {
    case OptionType::kString: return "string";
    case OptionType::kBool: return "bool";
    case OptionType::kInteger: return "integer";
    case OptionType::kNumber: return "number";
    case OptionType::kList: return "list";
    case OptionType::kEnum: return "enum";
  }
  return "?";
}

std::optional<std::string> ReadStringOption(const json::value& value, const char* choices,
                                            const std::string& where, std::string* out) {
  auto text = ScalarText(value);
  if (!text || value.is_bool()) return where + ": expected a string";
  if (choices != nullptr && !IsChoice(choices, *text)) {
    return where + ": expected one of " + std::string(choices);
  }
  *out = std::move(*text);
  return std::nullopt;
}

std::optional<std::string> ReadBoolOption(const json::value& value, const std::string& where,
                                          bool* out) {
  auto text = ScalarText(value);
  if (!text || (*text != "true" && *text != "false")) return where + ": expected true or false";
  *out = *text == "true";
  return std::nullopt;
}

std::optional<std::string> ReadIntegerOption(const json::value& value, double min, double max,
                                             const std::string& where, std::int64_t* out) {
  auto d = NumberOf(value);
  if (!d || *d != std::floor(*d) || *d < min || *d > max) {
    return where + ": expected an integer in " + Range(min, max);
  }
  *out = static_cast<std::int64_t>(*d);
  return std::nullopt;
}

std::optional<std::string> ReadNumberOption(const json::value& value, double min, double max,
                                            const std::string& where, double* out) {
  auto d = NumberOf(value);
  if (!d || *d < min || *d > max) return where + ": expected a number in " + Range(min, max);
  *out = *d;
  return std::nullopt;
}

std::optional<json::value> DefaultValueOf(OptionType type, const char* default_value) {
  if (type != OptionType::kList) return json::value(default_value);
  boost::system::error_code ec;
  json::value parsed = json::parse(default_value, ec);
  if (ec) return std::nullopt;
  return parsed;
}

Expected<json::object> ParseConfigObject(std::string_view config_json) {
  boost::system::error_code ec;
  json::value config = json::parse(config_json.empty() ? std::string_view("{}") : config_json, ec);
  if (ec) return Failure{"configuration is not JSON: " + ec.message()};
  if (config.is_null()) return json::object();
  if (!config.is_object()) return Failure{"configuration: expected an object of options"};
  return std::move(config.as_object());
}

std::string MarkdownOptionTable(const std::vector<OptionDoc>& docs) {
  std::string out = "| option | type | default | description |\n|---|---|---|---|\n";
  for (const OptionDoc& doc : docs) {
    const std::string shown = *doc.default_value != '\0' ? "`" + std::string(doc.default_value) + "`"
                              : doc.required              ? "required"
                                                          : "(empty)";
    out += "| `" + std::string(doc.name) + "` | " + OptionTypeName(doc.type) + " | " + shown +
           " | " + doc.description + " |\n";
  }
  return out;
}

}  // namespace rexian::plugin_kit
