// rexian's "format" checks as a valijson custom constraint.
#pragma once

#include <string_view>

namespace valijson {
class SchemaParser;
}  // namespace valijson

namespace rexian::schema {

// The keyword "format" is renamed to before valijson parses a schema, so that
// valijson's own (slow, regex-per-call) format check never runs and ours does.
inline constexpr std::string_view kFormatKeyword = "x-rexian-format";

// Teaches `parser` the kFormatKeyword keyword. Its failures read
// "String should be a valid <format>", like valijson's own.
void AddFormatConstraint(valijson::SchemaParser& parser);

}  // namespace rexian::schema
