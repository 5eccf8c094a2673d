// Walking a JSON Schema document as a tree of subschemas (draft-07 keywords).
#include "schema_tree.h"

#include <array>
#include <charconv>
#include <string_view>

#include "json_pointer.h"

namespace rexian::schema {
namespace {

// More "$ref" hops than any sane schema needs; beyond it we assume a loop.
constexpr int kMaxRefHops = 32;

}  // namespace

const boost::json::object* ResolveLocalRef(const boost::json::value& root,
                                           const boost::json::object& node) {
  const boost::json::object* at = &node;
  for (int hop = 0; hop <= kMaxRefHops; ++hop) {
    const boost::json::value* ref = at->if_contains("$ref");
    if (ref == nullptr) return at;
    const boost::json::string* text = ref->if_string();
    if (text == nullptr || text->empty() || text->front() != '#') return nullptr;
    const std::string_view pointer(text->data() + 1, text->size() - 1);
    if (!pointer.empty() && pointer.front() != '/') return nullptr;
    const boost::json::value* target = FindAtPointer(root, SplitPointer(pointer));
    if (target == nullptr || !target->is_object()) return nullptr;
    at = &target->get_object();
  }
  return nullptr;
}

const boost::json::object* SubschemaAt(const boost::json::value& root,
                                       const std::vector<std::string>& tokens) {
  if (!root.is_object()) return nullptr;
  const boost::json::object* at = ResolveLocalRef(root, root.get_object());
  for (const std::string& token : tokens) {
    if (at == nullptr) return nullptr;
    const boost::json::value* next = nullptr;
    if (const boost::json::value* properties = at->if_contains("properties");
        properties != nullptr && properties->is_object()) {
      next = properties->get_object().if_contains(token);
    }
    if (next == nullptr) {
      if (const boost::json::value* items = at->if_contains("items"); items != nullptr) {
        if (items->is_object()) {
          next = items;
        } else if (const boost::json::array* tuple = items->if_array()) {
          std::size_t index = 0;
          const char* end = token.data() + token.size();
          auto [ptr, ec] = std::from_chars(token.data(), end, index);
          if (ec == std::errc() && ptr == end && index < tuple->size()) next = &(*tuple)[index];
        }
      }
    }
    if (next == nullptr) {
      if (const boost::json::value* extra = at->if_contains("additionalProperties");
          extra != nullptr && extra->is_object()) {
        next = extra;
      }
    }
    if (next == nullptr || !next->is_object()) return nullptr;
    at = ResolveLocalRef(root, next->get_object());
  }
  return at;
}

Status ForEachSubschema(boost::json::object& node,
                        const std::function<Status(boost::json::object&)>& visit) {
  static constexpr std::array<std::string_view, 4> kMaps = {"properties", "patternProperties",
                                                            "definitions", "dependencies"};
  static constexpr std::array<std::string_view, 9> kSingles = {"additionalProperties",
                                                               "items",
                                                               "additionalItems",
                                                               "contains",
                                                               "propertyNames",
                                                               "not",
                                                               "if",
                                                               "then",
                                                               "else"};
  static constexpr std::array<std::string_view, 4> kLists = {"allOf", "anyOf", "oneOf", "items"};

  for (std::string_view keyword : kMaps) {
    boost::json::value* map = node.if_contains(keyword);
    if (map == nullptr || !map->is_object()) continue;
    for (auto& member : map->get_object()) {
      if (!member.value().is_object()) continue;
      if (Status s = visit(member.value().get_object()); !s.ok()) return s;
    }
  }
  for (std::string_view keyword : kSingles) {
    boost::json::value* child = node.if_contains(keyword);
    if (child == nullptr || !child->is_object()) continue;
    if (Status s = visit(child->get_object()); !s.ok()) return s;
  }
  for (std::string_view keyword : kLists) {
    boost::json::value* list = node.if_contains(keyword);
    if (list == nullptr || !list->is_array()) continue;
    for (boost::json::value& child : list->get_array()) {
      if (!child.is_object()) continue;
      if (Status s = visit(child.get_object()); !s.ok()) return s;
    }
  }
  return Status::OK();
}

}  // namespace rexian::schema
