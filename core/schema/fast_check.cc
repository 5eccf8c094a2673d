// A fast yes/no check of an instance against a schema, ahead of valijson.
//
// Keywords compiled (everything else, apart from the ignored annotations,
// makes Compile return Unsupported):
//   type (a name or a list of names), enum, const,
//   minLength, maxLength, kFormatKeyword, kPatternKeyword,
//   minimum, maximum, exclusiveMinimum, exclusiveMaximum (draft-07 numbers),
//   items (one schema), minItems, maxItems, uniqueItems, contains,
//   properties, patternProperties, additionalProperties, required,
//   minProperties, maxProperties,
//   allOf, anyOf, oneOf, not, if/then/else, local "$ref", boolean schemas.
// Each check mirrors valijson 1.0's ValidationVisitor with strict types; the
// comments say where valijson's behaviour is surprising and copied on purpose.
#include "fast_check.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <valijson/utils/utf8_utils.hpp>

#include "format_constraint.h"
#include "json_pointer.h"
#include "string_formats.h"
#include "string_pattern.h"

namespace rexian::schema {
namespace {

// Type bits, as valijson's strict TypeConstraint sees an instance.
constexpr std::uint8_t kNull = 1;
constexpr std::uint8_t kBoolean = 2;
constexpr std::uint8_t kInteger = 4;
constexpr std::uint8_t kNumber = 8;
constexpr std::uint8_t kString = 16;
constexpr std::uint8_t kArray = 32;
constexpr std::uint8_t kObject = 64;

// More "$ref" hops than any sane schema needs; beyond it we assume a loop.
constexpr int kMaxRefHops = 32;

// BoostJsonAdapter's isInteger is is_int64 and BasicAdapter's isNumber is
// int64-or-double, so a uint64 value (above INT64_MAX) is neither an
// integer nor a number, and 1.0 is a number but no integer.
std::uint8_t InstanceTypeBits(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return kNull;
    case boost::json::kind::bool_:
      return kBoolean;
    case boost::json::kind::int64:
      return kInteger | kNumber;
    case boost::json::kind::double_:
      return kNumber;
    case boost::json::kind::uint64:
      return 0;
    case boost::json::kind::string:
      return kString;
    case boost::json::kind::array:
      return kArray;
    case boost::json::kind::object:
      return kObject;
  }
  return 0;
}

bool IsValijsonNumber(const boost::json::value& v) { return v.is_int64() || v.is_double(); }

double ValijsonDouble(const boost::json::value& v) {
  return v.is_double() ? v.get_double() : static_cast<double>(v.get_int64());
}

// valijson reads strings through c_str() into a std::string, so they end at
// their first NUL.
std::string_view ValijsonText(const boost::json::string& s) { return std::string_view(s.c_str()); }

// BasicAdapter::equalTo with strict types, which is symmetric: numbers
// compare as doubles (1 == 1.0), a uint64 equals nothing, objects compare
// member by member whatever their order.
bool ValijsonEqual(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_null()) return b.is_null();
  if (a.is_bool()) return b.is_bool() && a.get_bool() == b.get_bool();
  if (IsValijsonNumber(a)) return IsValijsonNumber(b) && ValijsonDouble(a) == ValijsonDouble(b);
  if (a.is_string()) {
    return b.is_string() && ValijsonText(a.get_string()) == ValijsonText(b.get_string());
  }
  if (const boost::json::array* left = a.if_array()) {
    const boost::json::array* right = b.if_array();
    if (right == nullptr || left->size() != right->size()) return false;
    for (std::size_t i = 0; i < left->size(); ++i) {
      if (!ValijsonEqual((*left)[i], (*right)[i])) return false;
    }
    return true;
  }
  if (const boost::json::object* left = a.if_object()) {
    const boost::json::object* right = b.if_object();
    if (right == nullptr || left->size() != right->size()) return false;
    for (const auto& member : *right) {
      const boost::json::value* mine = left->if_contains(member.key());
      if (mine == nullptr || !ValijsonEqual(*mine, member.value())) return false;
    }
    return true;
  }
  return false;  // uint64
}

std::optional<std::uint8_t> TypeBit(std::string_view name) {
  if (name == "null") return kNull;
  if (name == "boolean") return kBoolean;
  if (name == "integer") return kInteger;
  if (name == "number") return kNumber;
  if (name == "string") return kString;
  if (name == "array") return kArray;
  if (name == "object") return kObject;
  return std::nullopt;  // "any" and unknown names
}

// Keys valijson's draft-07 parser never reads (annotations); "definitions"
// matters only through "$ref".
bool IsIgnoredKeyword(std::string_view key) {
  static constexpr std::string_view kIgnored[] = {
      "$schema",         "$id",        "$comment", "title",     "description",
      "examples",        "default",    "readOnly", "writeOnly", "contentMediaType",
      "contentEncoding", "definitions"};
  for (std::string_view ignored : kIgnored) {
    if (key == ignored) return true;
  }
  return key.rfind("x-", 0) == 0 && key != kFormatKeyword && key != kPatternKeyword;
}

}  // namespace

struct FastCheck::Node {
  bool always_invalid = false;  // the boolean schema false
  std::uint8_t types = 0;       // union of type bits; 0 when there is no "type"

  // Strings.
  std::uint64_t min_length = 0;
  std::uint64_t max_length = std::numeric_limits<std::uint64_t>::max();
  std::optional<StringFormat> format;
  std::optional<StringPattern> pattern;

  // Numbers: each bound as valijson stores it, a double and whether it is
  // exclusive (draft-07 "exclusiveMinimum" is a bound of its own).
  struct Bound {
    double limit;
    bool exclusive;
  };
  std::vector<Bound> minimums;
  std::vector<Bound> maximums;

  // Arrays.
  std::uint64_t min_items = 0;
  std::uint64_t max_items = std::numeric_limits<std::uint64_t>::max();
  bool unique_items = false;
  std::optional<std::size_t> items;
  std::optional<std::size_t> contains;

  // Objects. valijson checks properties only when one of "properties",
  // "patternProperties", "additionalProperties" is present.
  enum class Additional { kAny, kNone, kSchema };
  bool checks_properties = false;
  boost::json::object property_nodes;  // name -> node index (int64)
  std::vector<std::pair<StringPattern, std::size_t>> pattern_properties;
  Additional additional = Additional::kAny;
  std::size_t additional_node = 0;
  std::vector<std::string> required;
  std::uint64_t min_properties = 0;
  std::uint64_t max_properties = std::numeric_limits<std::uint64_t>::max();

  // Any instance.
  bool has_enum = false;
  std::vector<boost::json::value> enum_values;
  std::optional<boost::json::value> const_value;
  std::vector<std::size_t> all_of;
  std::vector<std::size_t> any_of;
  std::vector<std::size_t> one_of;
  std::optional<std::size_t> not_node;
  std::optional<std::size_t> if_node;
  std::optional<std::size_t> then_node;
  std::optional<std::size_t> else_node;
};

// Turns a prepared document into FastCheck's nodes, sharing one node per
// schema object so that "$ref" cycles terminate.
class FastCheck::Compiler {
 public:
  Compiler(const boost::json::value& root, std::vector<Node>* nodes) : root_(root), nodes_(nodes) {}

  // The index of the node for the schema `value` at `path`.
  Result<std::size_t> Schema(const boost::json::value& value, const std::string& path) {
    const boost::json::value* target = &value;
    std::string where = path;
    for (int hop = 0; target->is_object() && target->get_object().contains("$ref"); ++hop) {
      if (hop > kMaxRefHops) return Unsupported(where, "a \"$ref\" loop");
      const boost::json::string* ref = target->get_object().at("$ref").if_string();
      // valijson also percent-decodes and trims trailing '/': not copied.
      if (ref == nullptr || ref->empty() || ref->front() != '#' ||
          ref->find('%') != boost::json::string::npos || (ref->size() > 1 && ref->back() == '/')) {
        return Unsupported(where, "a \"$ref\" other than a local JSON pointer");
      }
      const std::string_view pointer(ref->data() + 1, ref->size() - 1);
      if (!pointer.empty() && pointer.front() != '/') {
        return Unsupported(where, "a \"$ref\" other than a local JSON pointer");
      }
      target = FindAtPointer(root_, SplitPointer(pointer));
      if (target == nullptr) return Unsupported(where, "an unresolvable \"$ref\"");
      where = std::string(pointer);
    }
    if (auto known = index_.find(target); known != index_.end()) return known->second;

    const std::size_t index = nodes_->size();
    nodes_->emplace_back();
    index_.emplace(target, index);
    Result<Node> node = Build(*target, where);
    if (!node.ok()) return node.status();
    (*nodes_)[index] = std::move(node).value();
    return index;
  }

 private:
  static Status Unsupported(const std::string& path, const std::string& what) {
    return Status::Unsupported("fast check: " + what + " at \"" + path + "\"");
  }

  static std::optional<std::uint64_t> Count(const boost::json::value& v) {
    if (!v.is_int64() || v.get_int64() < 0) return std::nullopt;
    return static_cast<std::uint64_t>(v.get_int64());
  }

  Result<std::vector<std::size_t>> SchemaList(const boost::json::value& v,
                                              const std::string& path) {
    const boost::json::array* list = v.if_array();
    if (list == nullptr || list->empty()) return Unsupported(path, "a malformed schema list");
    std::vector<std::size_t> indexes;
    for (std::size_t i = 0; i < list->size(); ++i) {
      Result<std::size_t> child = Schema((*list)[i], path + "/" + std::to_string(i));
      if (!child.ok()) return child.status();
      indexes.push_back(*child);
    }
    return indexes;
  }

  Result<Node> Build(const boost::json::value& value, const std::string& path) {
    Node node;
    if (value.is_bool()) {
      node.always_invalid = !value.get_bool();
      return node;
    }
    if (!value.is_object()) return Unsupported(path, "a schema that is not an object or boolean");
    const boost::json::object& schema = value.get_object();

    for (const auto& member : schema) {
      const std::string_view key = member.key();
      const boost::json::value& v = member.value();
      const std::string at = path + "/" + EscapePointerToken(key);
      if (IsIgnoredKeyword(key)) continue;
      if (key == "type") {
        if (Status s = Types(v, at, &node); !s.ok()) return s;
      } else if (key == "enum") {
        if (!v.is_array()) return Unsupported(at, "a malformed \"enum\"");
        node.has_enum = true;
        node.enum_values.assign(v.get_array().begin(), v.get_array().end());
      } else if (key == "const") {
        node.const_value = v;
      } else if (key == "minLength" || key == "maxLength" || key == "minItems" ||
                 key == "maxItems" || key == "minProperties" || key == "maxProperties") {
        const std::optional<std::uint64_t> count = Count(v);
        if (!count) return Unsupported(at, "a malformed count");
        if (key == "minLength") node.min_length = *count;
        if (key == "maxLength") node.max_length = *count;
        if (key == "minItems") node.min_items = *count;
        if (key == "maxItems") node.max_items = *count;
        if (key == "minProperties") node.min_properties = *count;
        if (key == "maxProperties") node.max_properties = *count;
      } else if (key == "minimum" || key == "maximum" || key == "exclusiveMinimum" ||
                 key == "exclusiveMaximum") {
        if (!IsValijsonNumber(v)) return Unsupported(at, "a malformed bound");
        const Node::Bound bound{ValijsonDouble(v), key.rfind("exclusive", 0) == 0};
        (key == "minimum" || key == "exclusiveMinimum" ? node.minimums : node.maximums)
            .push_back(bound);
      } else if (key == kFormatKeyword) {
        const boost::json::string* name = v.if_string();
        if (name != nullptr) node.format = ParseStringFormat(std::string_view(*name));
        if (!node.format) return Unsupported(at, "an unknown format");
      } else if (key == kPatternKeyword) {
        if (!v.is_string()) return Unsupported(at, "a malformed pattern");
        Result<StringPattern> pattern = StringPattern::Compile(std::string_view(v.get_string()));
        if (!pattern.ok()) return Unsupported(at, pattern.status().message());
        node.pattern.emplace(std::move(pattern).value());
      } else if (key == "items") {
        if (v.is_array()) return Unsupported(at, "a list of \"items\"");
        Result<std::size_t> child = Schema(v, at);
        if (!child.ok()) return child.status();
        node.items = *child;
      } else if (key == "contains" || key == "not") {
        Result<std::size_t> child = Schema(v, at);
        if (!child.ok()) return child.status();
        (key == "contains" ? node.contains : node.not_node) = *child;
      } else if (key == "uniqueItems") {
        if (!v.is_bool()) return Unsupported(at, "a malformed \"uniqueItems\"");
        node.unique_items = v.get_bool();
      } else if (key == "properties") {
        if (Status s = Properties(v, at, &node); !s.ok()) return s;
      } else if (key == "patternProperties") {
        if (Status s = PatternProperties(v, at, &node); !s.ok()) return s;
      } else if (key == "additionalProperties") {
        node.checks_properties = true;
        if (v.is_bool()) {
          node.additional = v.get_bool() ? Node::Additional::kAny : Node::Additional::kNone;
        } else {
          Result<std::size_t> child = Schema(v, at);
          if (!child.ok()) return child.status();
          node.additional = Node::Additional::kSchema;
          node.additional_node = *child;
        }
      } else if (key == "required") {
        if (!v.is_array()) return Unsupported(at, "a malformed \"required\"");
        for (const boost::json::value& name : v.get_array()) {
          if (!name.is_string()) return Unsupported(at, "a malformed \"required\"");
          node.required.emplace_back(ValijsonText(name.get_string()));
        }
      } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
        Result<std::vector<std::size_t>> list = SchemaList(v, at);
        if (!list.ok()) return list.status();
        (key == "allOf"   ? node.all_of
         : key == "anyOf" ? node.any_of
                          : node.one_of) = std::move(list).value();
      } else if (key == "if" || key == "then" || key == "else") {
        // valijson reads "then" and "else" only beside an "if".
        if (!schema.contains("if")) continue;
        Result<std::size_t> child = Schema(v, at);
        if (!child.ok()) return child.status();
        (key == "if" ? node.if_node : key == "then" ? node.then_node : node.else_node) = *child;
      } else {
        return Unsupported(at, "the keyword \"" + std::string(key) + "\"");
      }
    }
    return node;
  }

  static Status Types(const boost::json::value& v, const std::string& at, Node* node) {
    std::vector<const boost::json::value*> names;
    if (v.is_string()) {
      names.push_back(&v);
    } else if (v.is_array() && !v.get_array().empty()) {
      for (const boost::json::value& name : v.get_array()) names.push_back(&name);
    } else {
      return Unsupported(at, "a malformed \"type\"");
    }
    for (const boost::json::value* name : names) {
      const std::optional<std::uint8_t> bit =
          name->is_string() ? TypeBit(std::string_view(name->get_string())) : std::nullopt;
      if (!bit) return Unsupported(at, "an unsupported \"type\"");
      node->types |= *bit;
    }
    return Status::OK();
  }

  Status Properties(const boost::json::value& v, const std::string& at, Node* node) {
    if (!v.is_object()) return Unsupported(at, "a malformed \"properties\"");
    node->checks_properties = true;
    for (const auto& member : v.get_object()) {
      const std::string_view name = member.key();
      if (name.find('\0') != std::string_view::npos) return Unsupported(at, "a NUL in a name");
      Result<std::size_t> child = Schema(member.value(), at + "/" + EscapePointerToken(name));
      if (!child.ok()) return child.status();
      node->property_nodes[name] = static_cast<std::int64_t>(*child);
    }
    return Status::OK();
  }

  Status PatternProperties(const boost::json::value& v, const std::string& at, Node* node) {
    if (!v.is_object()) return Unsupported(at, "a malformed \"patternProperties\"");
    node->checks_properties = true;
    for (const auto& member : v.get_object()) {
      // valijson searches names with std::regex (ECMAScript); StringPattern
      // matches exactly that, faster when it can.
      Result<StringPattern> pattern = StringPattern::Compile(member.key());
      if (!pattern.ok()) return Unsupported(at, pattern.status().message());
      Result<std::size_t> child =
          Schema(member.value(), at + "/" + EscapePointerToken(member.key()));
      if (!child.ok()) return child.status();
      node->pattern_properties.emplace_back(std::move(pattern).value(), *child);
    }
    return Status::OK();
  }

  const boost::json::value& root_;
  std::vector<Node>* nodes_;
  std::unordered_map<const boost::json::value*, std::size_t> index_;
};

FastCheck::FastCheck() = default;
FastCheck::~FastCheck() = default;

Result<std::unique_ptr<FastCheck>> FastCheck::Compile(const boost::json::value& prepared) {
  std::unique_ptr<FastCheck> check(new FastCheck());
  Compiler compiler(prepared, &check->nodes_);
  Result<std::size_t> root = compiler.Schema(prepared, "");
  if (!root.ok()) return root.status();
  return check;
}

std::size_t FastCheck::node_count() const { return nodes_.size(); }

bool FastCheck::Accepts(const boost::json::value& instance) const { return AcceptsAt(0, instance); }

bool FastCheck::AcceptsAt(std::size_t index, const boost::json::value& instance) const {
  const Node& node = nodes_[index];
  if (node.always_invalid) return false;
  if (node.types != 0 && (node.types & InstanceTypeBits(instance)) == 0) return false;

  switch (instance.kind()) {
    case boost::json::kind::string: {
      const boost::json::string& s = instance.get_string();
      if (node.min_length != 0 || node.max_length != std::numeric_limits<std::uint64_t>::max()) {
        const std::uint64_t length = valijson::utils::u8_strlen(s.c_str());
        if (length < node.min_length || length > node.max_length) return false;
      }
      if (node.format && !MatchesStringFormat(*node.format, ValijsonText(s))) return false;
      if (node.pattern && !node.pattern->Matches(ValijsonText(s))) return false;
      break;
    }
    case boost::json::kind::int64:
    case boost::json::kind::double_: {
      const double x = ValijsonDouble(instance);
      for (const Node::Bound& bound : node.minimums) {
        if (bound.exclusive ? x <= bound.limit : x < bound.limit) return false;
      }
      for (const Node::Bound& bound : node.maximums) {
        if (bound.exclusive ? x >= bound.limit : x > bound.limit) return false;
      }
      break;
    }
    case boost::json::kind::array: {
      const boost::json::array& array = instance.get_array();
      if (array.size() < node.min_items || array.size() > node.max_items) return false;
      if (node.items) {
        for (const boost::json::value& item : array) {
          if (!AcceptsAt(*node.items, item)) return false;
        }
      }
      if (node.contains) {
        bool found = false;
        for (const boost::json::value& item : array) {
          if (AcceptsAt(*node.contains, item)) {
            found = true;
            break;
          }
        }
        if (!found) return false;
      }
      if (node.unique_items) {
        for (std::size_t i = 0; i < array.size(); ++i) {
          for (std::size_t j = i + 1; j < array.size(); ++j) {
            if (ValijsonEqual(array[i], array[j])) return false;
          }
        }
      }
      break;
    }
    case boost::json::kind::object:
      if (!AcceptsObject(node, instance.get_object())) return false;
      break;
    default:
      break;
  }

  if (node.has_enum) {
    bool found = false;
    for (const boost::json::value& allowed : node.enum_values) {
      if (ValijsonEqual(allowed, instance)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  if (node.const_value && !ValijsonEqual(*node.const_value, instance)) return false;
  for (std::size_t child : node.all_of) {
    if (!AcceptsAt(child, instance)) return false;
  }
  if (!node.any_of.empty()) {
    bool any = false;
    for (std::size_t child : node.any_of) {
      if (AcceptsAt(child, instance)) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  if (!node.one_of.empty()) {
    int passed = 0;
    for (std::size_t child : node.one_of) {
      if (AcceptsAt(child, instance) && ++passed > 1) return false;
    }
    if (passed != 1) return false;
  }
  if (node.not_node && AcceptsAt(*node.not_node, instance)) return false;
  if (node.if_node) {
    const std::optional<std::size_t>& branch =
        AcceptsAt(*node.if_node, instance) ? node.then_node : node.else_node;
    if (branch && !AcceptsAt(*branch, instance)) return false;
  }
  return true;
}

bool FastCheck::AcceptsObject(const Node& node, const boost::json::object& object) const {
  if (object.size() < node.min_properties || object.size() > node.max_properties) return false;
  for (const std::string& name : node.required) {
    if (!object.contains(name)) return false;
  }
  if (!node.checks_properties) return true;
  for (const auto& member : object) {
    bool matched = false;
    if (const boost::json::value* child = node.property_nodes.if_contains(member.key())) {
      matched = true;
      if (!AcceptsAt(static_cast<std::size_t>(child->get_int64()), member.value())) return false;
    }
    for (const auto& [pattern, child] : node.pattern_properties) {
      if (!pattern.Matches(member.key())) continue;
      matched = true;
      if (!AcceptsAt(child, member.value())) return false;
    }
    if (matched) continue;
    if (node.additional == Node::Additional::kNone) return false;
    if (node.additional == Node::Additional::kSchema &&
        !AcceptsAt(node.additional_node, member.value())) {
      return false;
    }
  }
  return true;
}

}  // namespace rexian::schema
