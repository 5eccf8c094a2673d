// FeedFilter: matching and the query-string parser.
#include "feed/feed_filter.h"

#include <algorithm>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <charconv>

namespace rexian::feed {
namespace {

bool InList(const std::vector<std::string>& list, std::string_view value) {
  if (list.empty()) return true;
  if (value.empty()) return false;
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool TypeMatches(const std::vector<std::string>& types, std::string_view type) {
  if (types.empty()) return true;
  for (const std::string& pattern : types) {
    if (pattern.back() == '*') {
      if (type.substr(0, pattern.size() - 1) == std::string_view(pattern).substr(0, pattern.size() - 1)) return true;
    } else if (pattern.back() == '.') {
      if (type.substr(0, pattern.size()) == pattern) return true;
    } else if (type == pattern) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

Result<bool> ParseFlag(std::string_view name, std::string_view value) {
  if (value == "1" || value == "true") return true;
  if (value == "0" || value == "false") return false;
  return Status::InvalidArgument("query parameter '" + std::string(name) +
                                 "' must be 0, 1, true or false");
}

}  // namespace

bool FeedFilter::Matches(const FilterSubject& s) const {
  if (!TypeMatches(types, s.type)) return false;
  if (!InList(channels, s.channel) || !InList(levels, s.level) || !InList(platforms, s.platform) ||
      !InList(domains, s.domain)) {
    return false;
  }
  if (departments.empty()) return true;
  if (s.departments == nullptr) return false;
  for (const std::string& d : *s.departments) {
    if (InList(departments, d)) return true;
  }
  return false;
}

bool FeedFilter::MatchesAlert(std::string_view platform, std::string_view level) const {
  return InList(platforms, platform) && (levels.empty() || InList(levels, level));
}

Result<FeedQuery> ParseFeedQuery(const HttpRequest& request) {
  FeedQuery query;
  if (!boost::urls::parse_query(request.query)) {
    return Status::InvalidArgument("the query string is malformed");
  }
  boost::urls::encoding_opts decoding;
  decoding.space_as_plus = true;
  boost::urls::params_view params(request.query, decoding);  // cannot throw: validated above
  for (auto param : params) {
    const std::string& key = param.key;
    const std::string& value = param.value;
    std::vector<std::string>* list = nullptr;
    if (key == "type") list = &query.filter.types;
    else if (key == "channel") list = &query.filter.channels;
    else if (key == "level") list = &query.filter.levels;
    else if (key == "platform") list = &query.filter.platforms;
    else if (key == "department") list = &query.filter.departments;
    else if (key == "domain") list = &query.filter.domains;
    if (list != nullptr) {
      for (std::string& item : SplitList(value)) list->push_back(std::move(item));
      continue;
    }
    if (key == "from") {
      if (value == "now") {
        query.from_now = true;
        continue;
      }
      std::uint64_t position = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), position);
      if (ec != std::errc() || end != value.data() + value.size() || value.empty()) {
        return Status::InvalidArgument(
            "query parameter 'from' must be 'now' or a log position (0 = from the start)");
      }
      query.from_now = false;
      query.from_position = position;
    } else if (key == "stats" || key == "alerts") {
      auto flag = ParseFlag(key, value);
      if (!flag.ok()) return flag.status();
      (key == "stats" ? query.stats : query.alerts) = *flag;
    } else if (key != "access_token") {
      return Status::InvalidArgument("unknown query parameter '" + key +
                                     "' (known: type, channel, level, platform, department, "
                                     "domain, from, stats, alerts, access_token)");
    }
  }
  for (const std::string& level : query.filter.levels) {
    if (level != "city" && level != "county") {
      return Status::InvalidArgument("query parameter 'level' must be city or county");
    }
  }
  return query;
}

}  // namespace rexian::feed
