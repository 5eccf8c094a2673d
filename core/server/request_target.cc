// Request-target parsing with Boost.URL.
#include "server/request_target.h"

#include <boost/url/parse.hpp>
#include <boost/url/segments_view.hpp>
#include <boost/url/url_view.hpp>

namespace rexian {

std::optional<RequestTarget> ParseRequestTarget(std::string_view target) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return std::nullopt;
  const boost::urls::url_view& url = *parsed;
  RequestTarget result;
  result.path = url.path();
  for (std::string segment : url.segments()) result.segments.push_back(std::move(segment));
  if (url.has_query()) result.query = url.encoded_query();
  return result;
}

std::vector<std::string> SplitPath(std::string_view path) {
  if (path.starts_with('/')) path.remove_prefix(1);
  std::vector<std::string> segments;
  if (path.empty()) return segments;
  for (;;) {
    std::size_t slash = path.find('/');
    segments.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

}  // namespace rexian
