// JSON Pointer (RFC 6901) helpers for schema paths and validation messages.
#pragma once

#include <boost/json/fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace rexian::schema {

// "a/b~c" -> "a~1b~0c": escapes one reference token.
std::string EscapePointerToken(std::string_view token);

// {"location", "lat"} -> "/location/lat"; {} -> "" (the whole document).
std::string JoinPointer(const std::vector<std::string>& tokens);

// "/location/lat" -> {"location", "lat"}, unescaping each token. "" -> {}.
// REQUIRES: pointer is "" or starts with '/'.
std::vector<std::string> SplitPointer(std::string_view pointer);

// The value at `tokens` inside `document` (object members by name, array
// items by decimal index), or nullptr when there is none.
const boost::json::value* FindAtPointer(const boost::json::value& document,
                                        const std::vector<std::string>& tokens);

}  // namespace rexian::schema
