// Open311Node -> Boost.JSON value -> text.
#include "web/open311_json.h"

#include <boost/json.hpp>
#include <charconv>

namespace rexian::web {
namespace {

namespace json = boost::json;

json::value ToJson(const Open311Node& node) {
  using Kind = Open311Node::Kind;
  switch (node.kind) {
    case Kind::kObject: {
      json::object o;
      for (const Open311Node& child : node.children) o[child.name] = ToJson(child);
      return o;
    }
    case Kind::kList: {
      json::array a;
      for (const Open311Node& child : node.children) a.push_back(ToJson(child));
      return a;
    }
    case Kind::kText: return json::value(node.text);
    case Kind::kNumber: {
      long long n = 0;
      auto [end, ec] = std::from_chars(node.text.data(), node.text.data() + node.text.size(), n);
      if (ec == std::errc() && end == node.text.data() + node.text.size()) return json::value(n);
      return json::value(std::stod(node.text));
    }
    case Kind::kBool: return json::value(node.text == "true");
    case Kind::kNull: return json::value(nullptr);
  }
  return json::value(nullptr);
}

}  // namespace

std::string RenderJson(const Open311Node& root) { return json::serialize(ToJson(root)); }

}  // namespace rexian::web
