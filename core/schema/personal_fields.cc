// Finding the personal fields a schema marks with "x-pii": true.
#include "personal_fields.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "json_pointer.h"
#include "schema_tree.h"

namespace rexian::schema {
namespace {

// Deeper than any schema of ours; deeper means a recursive "$ref".
constexpr int kMaxDepth = 64;

class PersonalFieldCollector {
 public:
  explicit PersonalFieldCollector(const boost::json::value& root) : root_(root) {}

  Status Walk(const boost::json::value& node, const std::string& pointer, int depth) {
    if (!node.is_object()) return Status::OK();  // boolean schema
    return WalkSchema(node.get_object(), pointer, depth);
  }

  Status WalkSchema(const boost::json::object& object, const std::string& pointer, int depth) {
    if (depth > kMaxDepth) {
      return Status::InvalidArgument("schema nests too deeply (recursive $ref?) at " +
                                     Display(pointer));
    }

    if (const boost::json::value* marker = object.if_contains("x-pii")) {
      if (!marker->is_bool()) {
        return Status::InvalidArgument("\"x-pii\" must be true or false at " + Display(pointer));
      }
      if (marker->get_bool()) {
        // The sealing layer (rexian/privacy.h) addresses object members by
        // name only, and keeps the document itself readable.
        if (pointer.empty()) {
          return Status::InvalidArgument(
              "\"x-pii\" cannot mark the whole document; mark its members");
        }
        if (free_map_depth_ > 0) {
          return Status::InvalidArgument("\"x-pii\" at " + pointer +
                                         " is inside additionalProperties or patternProperties; "
                                         "mark the whole object instead");
        }
        found_.push_back(pointer);
        return Status::OK();
      }
    }
    if (object.contains("$ref")) {
      const boost::json::object* target = ResolveLocalRef(root_, object);
      if (target == nullptr) {
        return Status::InvalidArgument("cannot resolve $ref " +
                                       std::string(Text(object.at("$ref"))) + " at " +
                                       Display(pointer));
      }
      return WalkSchema(*target, pointer, depth + 1);
    }
    if (const boost::json::value* properties = object.if_contains("properties");
        properties != nullptr && properties->is_object()) {
      for (const auto& member : properties->get_object()) {
        const std::string child = pointer + "/" + EscapePointerToken(member.key());
        if (Status s = Walk(member.value(), child, depth + 1); !s.ok()) return s;
      }
    }
    if (const boost::json::value* patterns = object.if_contains("patternProperties");
        patterns != nullptr && patterns->is_object()) {
      for (const auto& member : patterns->get_object()) {
        if (Status s = WalkFreeMap(member.value(), pointer, depth); !s.ok()) return s;
      }
    }
    if (const boost::json::value* extra = object.if_contains("additionalProperties")) {
      if (Status s = WalkFreeMap(*extra, pointer, depth); !s.ok()) return s;
    }
    if (const boost::json::value* extra = object.if_contains("additionalItems")) {
      if (Status s = Walk(*extra, pointer + "/*", depth + 1); !s.ok()) return s;
    }
    if (const boost::json::value* items = object.if_contains("items")) {
      if (const boost::json::array* tuple = items->if_array()) {
        for (std::size_t i = 0; i < tuple->size(); ++i) {
          const std::string child = pointer + "/" + std::to_string(i);
          if (Status s = Walk((*tuple)[i], child, depth + 1); !s.ok()) return s;
        }
      } else if (Status s = Walk(*items, pointer + "/*", depth + 1); !s.ok()) {
        return s;
      }
    }
    // A value valid under any branch may carry the branch's personal fields.
    for (std::string_view keyword : {"allOf", "anyOf", "oneOf"}) {
      if (const boost::json::value* list = object.if_contains(keyword);
          list != nullptr && list->is_array()) {
        for (const boost::json::value& branch : list->get_array()) {
          if (Status s = Walk(branch, pointer, depth + 1); !s.ok()) return s;
        }
      }
    }
    for (std::string_view keyword : {"then", "else"}) {
      if (const boost::json::value* branch = object.if_contains(keyword)) {
        if (Status s = Walk(*branch, pointer, depth + 1); !s.ok()) return s;
      }
    }
    return Status::OK();
  }

  // Members of an object known only by a name pattern: only checked, since
  // no pointer of ours can name them.
  Status WalkFreeMap(const boost::json::value& node, const std::string& pointer, int depth) {
    ++free_map_depth_;
    Status s = Walk(node, pointer + "/*", depth + 1);
    --free_map_depth_;
    return s;
  }

  std::vector<std::string> TakeSorted() {
    std::sort(found_.begin(), found_.end());
    found_.erase(std::unique(found_.begin(), found_.end()), found_.end());
    // Drop pointers covered by a shorter marked one (e.g. both via allOf).
    std::vector<std::string> kept;
    for (const std::string& pointer : found_) {
      const bool covered = std::any_of(kept.begin(), kept.end(), [&](const std::string& outer) {
        return outer.empty() ||
               (pointer.size() > outer.size() && pointer.compare(0, outer.size(), outer) == 0 &&
                pointer[outer.size()] == '/');
      });
      if (!covered) kept.push_back(pointer);
    }
    return kept;
  }

 private:
  static std::string Display(const std::string& pointer) {
    return pointer.empty() ? "(root)" : pointer;
  }
  static std::string_view Text(const boost::json::value& value) {
    return value.is_string() ? std::string_view(value.get_string()) : "(not a string)";
  }

  const boost::json::value& root_;
  std::vector<std::string> found_;
  int free_map_depth_ = 0;  // > 0 while below additionalProperties/patternProperties
};

}  // namespace

Result<std::vector<std::string>> CollectPersonalFields(const boost::json::value& schema) {
  PersonalFieldCollector collector(schema);
  if (Status s = collector.Walk(schema, "", 0); !s.ok()) return s;
  return collector.TakeSorted();
}

bool IsPersonalLocation(const std::vector<std::string>& personal_fields,
                        const std::vector<std::string>& tokens) {
  for (const std::string& field : personal_fields) {
    const std::vector<std::string> pattern = SplitPointer(field);
    if (pattern.size() > tokens.size()) continue;
    bool matches = true;
    for (std::size_t i = 0; i < pattern.size() && matches; ++i) {
      matches = pattern[i] == "*" || pattern[i] == tokens[i];
    }
    if (matches) return true;
  }
  return false;
}

}  // namespace rexian::schema
