// Turning valijson's validation results into one precise, stable message.
//
// valijson 1.0 reports each failure as a context path ("<root>", "[location]",
// "[lat]") and an English description without the offending value or, for
// most keywords, the bound. We keep its choice of *which* rule failed, and
// take the value from the instance and the bound from the schema as written.
#include "validation_message.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <charconv>

#include "json_pointer.h"
#include "personal_fields.h"
#include "schema_tree.h"
#include "string_formats.h"

namespace rexian::schema {
namespace {

constexpr std::size_t kMaxClauses = 5;
constexpr std::size_t kMaxValueBytes = 60;
constexpr const char* kWithheld = "(personal data withheld)";

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The text between the last pair of single quotes: "... 'name'." -> "name".
std::string LastQuoted(std::string_view text) {
  const std::size_t close = text.rfind('\'');
  if (close == std::string_view::npos || close == 0) return std::string(text);
  const std::size_t open = text.rfind('\'', close - 1);
  if (open == std::string_view::npos) return std::string(text);
  return std::string(text.substr(open + 1, close - open - 1));
}

// The number a description ends with, without std::to_string's zero padding:
// "Expected number less than 90.000000" -> "90".
std::string TrailingNumber(std::string_view text) {
  std::size_t start = text.find_last_of(' ');
  std::string number(start == std::string_view::npos ? text : text.substr(start + 1));
  while (!number.empty() &&
         (number.back() == '.' || !std::isdigit(static_cast<unsigned char>(number.back())))) {
    number.pop_back();
  }
  if (number.find('.') != std::string::npos) {
    while (!number.empty() && number.back() == '0') number.pop_back();
    if (!number.empty() && number.back() == '.') number.pop_back();
  }
  return number;
}

std::size_t CodePoints(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

const char* JsonTypeName(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
      return "integer";
    case boost::json::kind::double_:
      return "number";
    case boost::json::kind::string:
      return "string";
    case boost::json::kind::array:
      return "array";
    case boost::json::kind::object:
      return "object";
  }
  return "unknown";
}

// JSON as people write it: numbers in shortest form (1.5, not 1.5E0; 1.0),
// ", " and ": " between members.
std::string PlainJson(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::double_: {
      char buffer[64];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value.get_double());
      if (ec != std::errc()) return boost::json::serialize(value);
      std::string text(buffer, end);
      // Keep 1.0 distinguishable from the integer 1 ("expected integer").
      if (text.find_first_of(".en") == std::string::npos) text += ".0";
      return text;
    }
    case boost::json::kind::array: {
      std::string out = "[";
      for (const boost::json::value& item : value.get_array()) {
        if (out.size() > 1) out += ", ";
        out += PlainJson(item);
      }
      return out + "]";
    }
    case boost::json::kind::object: {
      std::string out = "{";
      for (const auto& member : value.get_object()) {
        if (out.size() > 1) out += ", ";
        out += boost::json::serialize(boost::json::string(member.key())) + ": " +
               PlainJson(member.value());
      }
      return out + "}";
    }
    default:
      return boost::json::serialize(value);
  }
}

// PlainJson, cut at a UTF-8 boundary when long.
std::string Render(const boost::json::value& value) {
  std::string text = PlainJson(value);
  if (text.size() <= kMaxValueBytes) return text;
  std::size_t cut = kMaxValueBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "...";
}

std::string DisplayPointer(const std::vector<std::string>& tokens) {
  return tokens.empty() ? "(root)" : JoinPointer(tokens);
}

// One failure, located and explained.
class Clause {
 public:
  Clause(const ValidationSubject& subject, const valijson::ValidationResults::Error& error)
      : subject_(subject) {
    // context[0] is "<root>"; the rest are "[name]" or "[index]".
    for (std::size_t i = 1; i < error.context.size(); ++i) {
      const std::string& part = error.context[i];
      tokens_.push_back(part.size() >= 2 ? part.substr(1, part.size() - 2) : part);
    }
    rule_ = Explain(error.description);
  }

  std::string Text() const { return DisplayPointer(tokens_) + ": " + rule_; }
  SchemaViolation Violation() const { return SchemaViolation{JoinPointer(tokens_), rule_}; }

 private:
  // The keyword's value in the schema node governing this location, as JSON
  // ("90"), or `fallback` when the node cannot be found.
  std::string Bound(std::string_view keyword, std::string fallback) const {
    const boost::json::object* node = SubschemaAt(subject_.schema, tokens_);
    const boost::json::value* bound = node ? node->if_contains(keyword) : nullptr;
    return bound ? PlainJson(*bound) : std::move(fallback);
  }

  const boost::json::value* Value() const { return FindAtPointer(subject_.instance, tokens_); }

  // "value 7" / "value (personal data withheld)".
  std::string ShownValue() const {
    const boost::json::value* value = Value();
    if (value == nullptr) return "value";
    if (IsPersonalLocation(subject_.personal_fields, tokens_)) {
      return std::string("value ") + kWithheld;
    }
    return "value " + Render(*value);
  }

  // Size of the value at this location: code points, items or members.
  std::string Size() const {
    const boost::json::value* value = Value();
    if (value == nullptr) return "?";
    if (value->is_string()) return std::to_string(CodePoints(value->get_string()));
    if (value->is_array()) return std::to_string(value->get_array().size());
    if (value->is_object()) return std::to_string(value->get_object().size());
    return "?";
  }

  std::string ExpectedTypes() const {
    const boost::json::object* node = SubschemaAt(subject_.schema, tokens_);
    const boost::json::value* type = node ? node->if_contains("type") : nullptr;
    if (type == nullptr) return "another type";
    if (type->is_string()) return std::string(type->get_string());
    std::string joined;
    if (const boost::json::array* types = type->if_array()) {
      for (const boost::json::value& each : *types) {
        if (!joined.empty()) joined += " or ";
        joined += each.is_string() ? std::string(each.get_string()) : Render(each);
      }
    }
    return joined.empty() ? "another type" : joined;
  }

  std::string EnumValues() const {
    const boost::json::object* node = SubschemaAt(subject_.schema, tokens_);
    const boost::json::value* values = node ? node->if_contains("enum") : nullptr;
    if (values == nullptr || !values->is_array()) return "the allowed values";
    std::string joined = "[";
    for (const boost::json::value& each : values->get_array()) {
      if (joined.size() > 1) joined += ", ";
      joined += Render(each);
    }
    return joined + "]";
  }

  std::string PatternRule() const {
    const boost::json::object* node = SubschemaAt(subject_.schema, tokens_);
    if (node != nullptr) {
      if (const boost::json::value* pattern = node->if_contains("pattern");
          pattern != nullptr && pattern->is_string()) {
        return ShownValue() + " does not match pattern " + std::string(pattern->get_string());
      }
    }
    return ShownValue() + " does not match the required pattern";
  }

  std::string Explain(std::string_view description) {
    if (StartsWith(description, "Missing required property '")) {
      tokens_.push_back(LastQuoted(description));
      return "required property is missing";
    }
    if (StartsWith(description, "Object contains a property that could not be validated")) {
      tokens_.push_back(LastQuoted(description));
      return "property is not allowed (additionalProperties is false)";
    }
    if (StartsWith(description, "Value type not permitted by 'type' constraint")) {
      const boost::json::value* value = Value();
      const std::string actual = value ? JsonTypeName(*value) : "unknown";
      return ShownValue() + " has type " + actual + ", expected " + ExpectedTypes();
    }
    if (StartsWith(description, "Failed to match against any enum values")) {
      return ShownValue() + " is not one of " + EnumValues();
    }
    if (StartsWith(description, "Failed to match regex specified by 'pattern' constraint")) {
      return PatternRule();
    }
    if (StartsWith(description, "Expected number less than or equal to ")) {
      return ShownValue() + " is greater than maximum " +
             Bound("maximum", TrailingNumber(description));
    }
    if (StartsWith(description, "Expected number less than ")) {
      return ShownValue() + " is not less than exclusiveMaximum " +
             Bound("exclusiveMaximum", TrailingNumber(description));
    }
    if (StartsWith(description, "Expected number greater than or equal to ")) {
      return ShownValue() + " is less than minimum " +
             Bound("minimum", TrailingNumber(description));
    }
    if (StartsWith(description, "Expected number greater than ")) {
      return ShownValue() + " is not greater than exclusiveMinimum " +
             Bound("exclusiveMinimum", TrailingNumber(description));
    }
    if (StartsWith(description, "String should be no more than ")) {
      return "string of " + Size() + " characters is longer than maxLength " +
             Bound("maxLength", "?");
    }
    if (StartsWith(description, "String should be no fewer than ")) {
      return "string of " + Size() + " characters is shorter than minLength " +
             Bound("minLength", "?");
    }
    if (StartsWith(description, "Array should contain no more than ")) {
      return "array of " + Size() + " items is longer than maxItems " + Bound("maxItems", "?");
    }
    if (StartsWith(description, "Array should contain no fewer than ")) {
      return "array of " + Size() + " items is shorter than minItems " + Bound("minItems", "?");
    }
    if (StartsWith(description, "Object should have no more than ")) {
      return "object of " + Size() + " properties has more than maxProperties " +
             Bound("maxProperties", "?");
    }
    if (StartsWith(description, "Object should have no fewer than ")) {
      return "object of " + Size() + " properties has fewer than minProperties " +
             Bound("minProperties", "?");
    }
    if (StartsWith(description, "Elements at indexes #")) {
      // "Elements at indexes #0 and #2 violate uniqueness constraint."
      std::string rest(description.substr(std::string_view("Elements at indexes #").size()));
      const std::size_t cut = rest.find(" violate");
      if (cut != std::string::npos) rest.resize(cut);
      rest.erase(std::remove(rest.begin(), rest.end(), '#'), rest.end());
      return "items " + rest + " are equal (uniqueItems is true)";
    }
    if (StartsWith(description, "Failed to match expected value set by 'const'")) {
      return ShownValue() + " is not the const " + Bound("const", "value");
    }
    if (StartsWith(description, "Value should be a multiple of ")) {
      return ShownValue() + " is not a multipleOf " +
             Bound("multipleOf", TrailingNumber(description));
    }
    if (StartsWith(description, "String should be a valid ")) {
      const std::string format(
          description.substr(std::string_view("String should be a valid ").size()));
      const char* meaning = DescribeStringFormat(format);
      return ShownValue() + " is not a valid " + format +
             (meaning ? " (" + std::string(meaning) + ")" : std::string());
    }
    if (StartsWith(description, "Target should not validate against schema specified in 'not'")) {
      return ShownValue() + " matches the schema under \"not\"";
    }
    if (StartsWith(description, "Array contains more items than allowed by items constraint")) {
      return "array has more items than \"items\" lists (additionalItems is false)";
    }
    std::string text(description);
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text;
  }

  const ValidationSubject& subject_;
  std::vector<std::string> tokens_;
  std::string rule_;
};

// Wrappers repeat a failure already reported deeper ("Failed to validate
// against schema associated with property name 'x'", "... item #0 ...",
// anyOf/oneOf/allOf summaries); the leaves say what is wrong.
bool IsWrapper(const std::string& description) {
  return StartsWith(description, "Failed to validate ");
}

}  // namespace

std::vector<SchemaViolation> ListValidationErrors(const ValidationSubject& subject,
                                                  const valijson::ValidationResults& results) {
  std::vector<SchemaViolation> violations;
  auto add = [&](const valijson::ValidationResults::Error& error) {
    SchemaViolation v = Clause(subject, error).Violation();
    for (const SchemaViolation& seen : violations) {
      if (seen.pointer == v.pointer && seen.rule == v.rule) return;
    }
    violations.push_back(std::move(v));
  };
  for (const valijson::ValidationResults::Error& error : results) {
    if (!IsWrapper(error.description)) add(error);
  }
  if (violations.empty() && results.begin() != results.end()) add(*results.begin());
  return violations;
}

std::string DescribeValidationErrors(const ValidationSubject& subject,
                                     const valijson::ValidationResults& results) {
  const std::vector<SchemaViolation> violations = ListValidationErrors(subject, results);
  std::string message(subject.name);
  message += ": ";
  for (std::size_t i = 0; i < violations.size() && i < kMaxClauses; ++i) {
    if (i > 0) message += "; ";
    message += (violations[i].pointer.empty() ? std::string("(root)") : violations[i].pointer) +
               ": " + violations[i].rule;
  }
  if (violations.size() > kMaxClauses) {
    message += "; and " + std::to_string(violations.size() - kMaxClauses) + " more";
  }
  return message;
}

}  // namespace rexian::schema
