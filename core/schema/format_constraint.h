// rexian's "format" and "pattern" checks as valijson custom constraints.
#pragma once

#include <string_view>

namespace valijson {
class SchemaParser;
}  // namespace valijson

namespace rexian::schema {

// The keyword "format" is renamed to before valijson parses a schema, so that
// valijson's own (slow, regex-per-call) format check never runs and ours does.
inline constexpr std::string_view kFormatKeyword = "x-rexian-format";

// "pattern" is renamed to this, so that valijson's std::regex search never
// runs and StringPattern's linear matcher does (string_pattern.h).
inline constexpr std::string_view kPatternKeyword = "x-rexian-pattern";

// Teaches `parser` the kFormatKeyword and kPatternKeyword keywords. Their
// failures read like valijson's own ("String should be a valid <format>",
// "Failed to match regex specified by 'pattern' constraint."), which
// validation_message.cc turns into rexian's messages.
void AddStringConstraints(valijson::SchemaParser& parser);

}  // namespace rexian::schema
