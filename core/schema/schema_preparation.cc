// Adapting a schema document for valijson before it is parsed.
#include "schema_preparation.h"

#include <boost/json/serialize.hpp>
#include <string>

#include "format_constraint.h"
#include "schema_tree.h"
#include "string_formats.h"
#include "string_pattern.h"

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
    Result<StringPattern> compiled = StringPattern::Compile(std::string_view(pattern->get_string()));
    if (!compiled.ok()) return compiled.status();
    boost::json::value moved = *pattern;
    node.erase("pattern");
    node[kPatternKeyword] = std::move(moved);
  }
  return ForEachSubschema(node, PrepareNode);
}

}  // namespace

Status PrepareForValijson(boost::json::value& document) {
  if (!document.is_object()) return Status::OK();
  return PrepareNode(document.get_object());
}

}  // namespace rexian::schema
