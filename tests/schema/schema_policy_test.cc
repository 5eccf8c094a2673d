// House rules every shipped schema follows (docs/schemas.md): closed objects,
// bounded strings, anchored bounded patterns, known formats.
#include <algorithm>
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>
#include <string>

#include "schema_test_support.h"

namespace rexian {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> ShippedSchemaFiles() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(testing::ShippedSchemasDir())) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

boost::json::value ReadJson(const fs::path& path) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return boost::json::parse(text);
}

// True when `pattern` is anchored and every quantifier outside a character
// class is bounded ({m,n} or ?): std::regex recurses per repetition.
bool IsAnchoredAndBounded(const std::string& pattern) {
  if (pattern.size() < 2 || pattern.front() != '^' || pattern.back() != '$') return false;
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      if (c == ']') in_class = false;
    } else if (c == '[') {
      in_class = true;
    } else if (c == '*' || c == '+') {
      return false;
    } else if (c == ',' && i + 1 < pattern.size() && pattern[i + 1] == '}') {
      return false;
    }
  }
  return true;
}

// Calls `check(node, where)` for every object in the document that declares
// a "type" (i.e. every schema node; property maps are keyed by names).
void ForEachTypedNode(
    const boost::json::value& value, const std::string& where,
    const std::function<void(const boost::json::object&, const std::string&)>& check) {
  if (const boost::json::object* object = value.if_object()) {
    if (const boost::json::value* type = object->if_contains("type");
        type != nullptr && (type->is_string() || type->is_array())) {
      check(*object, where);
    }
    for (const auto& member : *object) {
      ForEachTypedNode(member.value(), where + "/" + std::string(member.key()), check);
    }
  } else if (const boost::json::array* array = value.if_array()) {
    for (std::size_t i = 0; i < array->size(); ++i) {
      ForEachTypedNode((*array)[i], where + "/" + std::to_string(i), check);
    }
  }
}

TEST_CASE("shipped schemas follow the house rules", "[schema]") {
  // Objects deliberately left open: channel-specific data, sealed whole.
  const std::set<std::string> open_objects = {"contact.schema.json#/properties/extra"};

  const std::vector<fs::path> files = ShippedSchemaFiles();
  REQUIRE(files.size() >= 23);  // 21 event types + metadata + contact
  for (const fs::path& file : files) {
    const std::string name = fs::relative(file, testing::ShippedSchemasDir()).string() + "#";
    const boost::json::value document = ReadJson(file);
    CHECK(document.at("$schema") == "http://json-schema.org/draft-07/schema#");
    CHECK(document.as_object().contains("title"));
    CHECK(document.as_object().contains("description"));

    ForEachTypedNode(document, "", [&](const boost::json::object& node, const std::string& at) {
      INFO(name << at);
      const boost::json::value& type = node.at("type");
      if (type == "object") {
        if (open_objects.count(name + at) == 0) {
          CHECK(node.contains("additionalProperties"));
          if (node.contains("additionalProperties")) {
            CHECK(node.at("additionalProperties") == false);
          }
        }
        if (const boost::json::value* required = node.if_contains("required")) {
          for (const boost::json::value& property : required->as_array()) {
            INFO("required " << property);
            CHECK(node.at("properties").as_object().contains(property.as_string()));
          }
        }
      }
      if (type == "string") {
        CHECK((node.contains("maxLength") || node.contains("enum") || node.contains("pattern") ||
               node.contains("format")));
      }
      if (type == "array") CHECK(node.contains("maxItems"));
      if (const boost::json::value* pattern = node.if_contains("pattern")) {
        INFO(pattern->as_string());
        CHECK(IsAnchoredAndBounded(std::string(pattern->as_string())));
      }
      if (const boost::json::value* format = node.if_contains("format")) {
        CHECK((*format == "date-time" || *format == "date" || *format == "email"));
      }
      if (const boost::json::value* pii = node.if_contains("x-pii")) CHECK(*pii == true);
    });
  }
}

}  // namespace
}  // namespace rexian
