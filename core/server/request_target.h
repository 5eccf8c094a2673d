// RequestTarget: the origin-form request target split into decoded path, segments and raw query.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rexian {

struct RequestTarget {
  std::string path;                   // decoded, "/v1/tickets/a b"
  std::vector<std::string> segments;  // decoded one by one, so "%2F" stays inside its segment
  std::string query;                  // raw, without '?'
};

// Parses an origin-form target ("/path?query"); nullopt for any other form
// or invalid percent-encoding.
std::optional<RequestTarget> ParseRequestTarget(std::string_view target);

// Splits a route pattern or decoded path at '/': "/" -> {}, "/a/b" -> {"a", "b"},
// "/a/" -> {"a", ""}. A missing leading '/' is tolerated.
std::vector<std::string> SplitPath(std::string_view path);

}  // namespace rexian
