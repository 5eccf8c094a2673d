// Adapting a schema document for valijson before it is parsed.
#include "schema_preparation.h"

#include <boost/json/serialize.hpp>
#include <regex>
#include <string>

#include "format_constraint.h"
#include "schema_tree.h"
#include "string_formats.h"

namespace rexian::schema {
namespace {

Status PrepareNode(boost::json::object& node) {
  if (const boost::json::value* format = node.if_contains("format")) {
    const boost::json::string* name = format->if_string();
    if (name == nullptr || !ParseStringFormat(std::string_view(*name))) {
      return Status::InvalidArgument("unsupported format " + boost::json::serialize(*format) +
                                     " (supported: date-time, date, email)");
    }
    boost::json::value moved = *format;
    node.erase("format");
    node[kFormatKeyword] = std::move(moved);
  }
  if (const boost::json::value* pattern = node.if_contains("pattern")) {
    if (!pattern->is_string()) return Status::InvalidArgument("pattern must be a string");
    try {
      std::regex compiled(std::string(pattern->get_string()));
    } catch (const std::regex_error& e) {
      return Status::InvalidArgument("pattern " + boost::json::serialize(*pattern) +
                                     " is not a valid regular expression: " + e.what());
    }
  }
  return ForEachSubschema(node, PrepareNode);
}

}  // namespace

Status PrepareForValijson(boost::json::value& document) {
  if (!document.is_object()) return Status::OK();
  return PrepareNode(document.get_object());
}

}  // namespace rexian::schema
