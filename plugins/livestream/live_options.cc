// The option table and the parser of the plugin's `config:` block.
#include "livestream/live_options.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <optional>
#include <set>
#include <sstream>

#include "livestream/tcp_stream.h"

namespace rexian::live {
namespace {

namespace json = boost::json;

const std::vector<OptionSpec> kOptions = {
    {"route_prefix", OptionType::kString, "/live",
     "Path under which the programme desk's routes are mounted (`<prefix>/sessions`, ...).",
     &LiveOptions::route_prefix},
    {"desk_keys", OptionType::kKeyList, "[]",
     "SHA-256 (64 lower-case hex digits) of each key the programme desk presents as "
     "`Authorization: Bearer <key>` or `X-Api-Key`. Empty: every desk route answers 403.",
     &LiveOptions::desk_keys},
    {"feeds", OptionType::kFeedList, "[]",
     "Comment feeds sessions may listen to: a list of `{name, kind: json|bilibili, url, room_id?, "
     "uid?, token?}`; `url` is `ws://host:port/path` (both kinds) or `tcp://host:port` (bilibili's "
     "TCP port). A session names the feeds it uses.",
     &LiveOptions::feeds},
    {"spam_keywords", OptionType::kStringList,
     R"(["加微信","加v","vx","代理","兼职","刷单","返利","优惠券","私聊","免费领","赚钱"])",
     "A comment containing any of these (compared without case, spaces and punctuation) is spam.",
     &LiveOptions::spam_keywords},
    {"links_are_spam", OptionType::kBool, "true",
     "A comment with a URL, `www.` or a bare domain name is spam.", &LiveOptions::links_are_spam},
    {"max_repeated_chars", OptionType::kInteger, "5",
     "A comment repeating one character more often than this in a row is spam (0: no limit).",
     &LiveOptions::max_repeated_chars, 0, 1000},
    {"min_chars", OptionType::kInteger, "6",
     "A comment with fewer meaningful characters (not spaces, punctuation, emoji or `[emoticons]`) "
     "is noise.",
     &LiveOptions::min_chars, 0, 1000},
    {"greetings", OptionType::kStringList,
     R"(["主播好","市长好","大家好","你好","您好","来了","打卡","前排","666","支持","加油","哈哈"])",
     "A comment that is one of these greetings and fewer than `min_chars` more characters is noise.",
     &LiveOptions::greetings},
    {"duplicate_window_seconds", OptionType::kInteger, "600",
     "How long an accepted question is remembered: the same viewer's same text, or another "
     "viewer's near-identical text, within the window is a duplicate.",
     &LiveOptions::duplicate_window_seconds, 1, 86400},
    {"near_duplicate_similarity", OptionType::kNumber, "0.8",
     "Character-bigram Jaccard similarity from which two questions count as the same.",
     &LiveOptions::near_duplicate_similarity, 0.1, 1},
    {"heartbeat_seconds", OptionType::kInteger, "30",
     "Interval of the heartbeat packets a bilibili connector sends (Bilibili drops a silent "
     "client after about 60-70 s).",
     &LiveOptions::heartbeat_seconds, 1, 3600},
    {"reconnect_min_ms", OptionType::kInteger, "500",
     "First wait before a connector reconnects; doubled after each failure.",
     &LiveOptions::reconnect_min_ms, 10, 600000},
    {"reconnect_max_ms", OptionType::kInteger, "30000", "Longest wait between reconnects.",
     &LiveOptions::reconnect_max_ms, 10, 3600000},
    {"max_message_bytes", OptionType::kInteger, "1048576",
     "Largest WebSocket message or Bilibili packet accepted; a larger one drops the connection.",
     &LiveOptions::max_message_bytes, 1024, 64 << 20},
    {"rejection_flush_every", OptionType::kInteger, "20",
     "Rejected comments are recorded as counts (`live.question_rejected`): one record per reason "
     "after this many rejections, and the rest when the session ends.",
     &LiveOptions::rejection_flush_every, 1, 100000},
};

std::optional<std::string> ScalarText(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  return std::nullopt;
}

std::optional<double> NumberOf(const json::value& v) {
  if (v.is_double()) return v.as_double();
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  if (v.is_string()) {
    std::string_view s = v.as_string();
    double d = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec == std::errc() && end == s.data() + s.size() && std::isfinite(d)) return d;
  }
  return std::nullopt;
}

// 1000 rather than 1E3; 0.1 as is.
std::string NumberText(double d) {
  if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  std::ostringstream out;
  out << d;
  return out.str();
}

bool IsFeedName(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '_' || c == '-'));
    if (!ok) return false;
  }
  return true;
}

std::optional<std::uint64_t> UnsignedOf(const json::value& v) {
  auto d = NumberOf(v);
  if (!d || *d < 0 || *d != std::floor(*d) || *d > 9e15) return std::nullopt;
  return static_cast<std::uint64_t>(*d);
}

Expected<std::vector<FeedConfig>> ParseFeeds(const json::value& v) {
  if (!v.is_array()) return Failure{"feeds: expected a list of {name, kind, url, ...}"};
  std::vector<FeedConfig> out;
  std::set<std::string> names;
  for (std::size_t i = 0; i < v.as_array().size(); ++i) {
    const json::value& item = v.as_array()[i];
    const std::string where = "feeds[" + std::to_string(i) + "]";
    if (!item.is_object()) return Failure{where + ": expected {name, kind, url, ...}"};
    FeedConfig feed;
    for (const auto& member : item.as_object()) {
      const std::string key(member.key());
      auto text = ScalarText(member.value());
      if (key == "name" && text && IsFeedName(*text)) {
        feed.name = *text;
      } else if (key == "kind" && text && (*text == "json" || *text == "bilibili")) {
        feed.kind = *text;
      } else if (key == "url" && text) {
        feed.url = *text;
      } else if ((key == "room_id" || key == "uid") && UnsignedOf(member.value())) {
        (key == "room_id" ? feed.room_id : feed.uid) = *UnsignedOf(member.value());
      } else if (key == "token" && text) {
        feed.token = *text;
      } else if (key == "name") {
        return Failure{where + ".name: expected a name matching [a-z0-9][a-z0-9_-]{0,31}"};
      } else if (key == "kind") {
        return Failure{where + ".kind: expected json or bilibili"};
      } else if (key == "room_id" || key == "uid") {
        return Failure{where + "." + key + ": expected a non-negative integer"};
      } else {
        return Failure{where + "." + key + ": unknown member (name, kind, url, room_id, uid, token)"};
      }
    }
    if (feed.name.empty()) return Failure{where + ".name: required"};
    if (feed.kind.empty()) return Failure{where + ".kind: required"};
    auto address = ParseFeedAddress(feed.url);
    if (!address.ok()) return Failure{where + ".url: " + address.error()};
    if (address->scheme == "tcp" && feed.kind != "bilibili") {
      return Failure{where + ".url: tcp:// is only for kind bilibili"};
    }
    if (feed.kind == "bilibili" && feed.room_id == 0) return Failure{where + ".room_id: required for bilibili"};
    if (!names.insert(feed.name).second) return Failure{where + ".name: '" + feed.name + "' is listed twice"};
    out.push_back(std::move(feed));
  }
  return out;
}

std::optional<std::string> Apply(const OptionSpec& spec, const json::value& v, LiveOptions* options) {
  const std::string name = spec.name;
  switch (spec.type) {
    case OptionType::kString: {
      auto text = ScalarText(v);
      if (!text || v.is_bool()) return name + ": expected a string";
      options->*std::get<std::string LiveOptions::*>(spec.target) = *text;
      return std::nullopt;
    }
    case OptionType::kBool: {
      auto text = ScalarText(v);
      if (!text || (*text != "true" && *text != "false")) return name + ": expected true or false";
      options->*std::get<bool LiveOptions::*>(spec.target) = *text == "true";
      return std::nullopt;
    }
    case OptionType::kInteger:
    case OptionType::kNumber: {
      auto d = NumberOf(v);
      const bool integer = spec.type == OptionType::kInteger;
      if (!d || (integer && *d != std::floor(*d)) || *d < spec.min || *d > spec.max) {
        return name + ": expected " + (integer ? "an integer" : "a number") + " in [" +
               NumberText(spec.min) + ", " + NumberText(spec.max) + "]";
      }
      if (integer) {
        options->*std::get<std::int64_t LiveOptions::*>(spec.target) = static_cast<std::int64_t>(*d);
      } else {
        options->*std::get<double LiveOptions::*>(spec.target) = *d;
      }
      return std::nullopt;
    }
    case OptionType::kStringList:
    case OptionType::kKeyList: {
      if (!v.is_array()) return name + ": expected a list of strings";
      std::vector<std::string> items;
      for (const json::value& item : v.as_array()) {
        auto text = ScalarText(item);
        if (!text || text->empty() || text->size() > 200) return name + ": expected non-empty strings";
        if (spec.type == OptionType::kKeyList &&
            (text->size() != 64 || text->find_first_not_of("0123456789abcdef") != std::string::npos)) {
          return name + ": expected 64 lower-case hex digits (the SHA-256 of a key), not the key";
        }
        items.push_back(*text);
      }
      options->*std::get<std::vector<std::string> LiveOptions::*>(spec.target) = std::move(items);
      return std::nullopt;
    }
    case OptionType::kFeedList: {
      auto feeds = ParseFeeds(v);
      if (!feeds.ok()) return feeds.error();
      options->*std::get<std::vector<FeedConfig> LiveOptions::*>(spec.target) = std::move(*feeds);
      return std::nullopt;
    }
  }
  return name + ": unsupported option type";
}

bool IsList(OptionType type) {
  return type == OptionType::kStringList || type == OptionType::kKeyList || type == OptionType::kFeedList;
}

}  // namespace

const std::vector<OptionSpec>& LiveOptionTable() { return kOptions; }

const char* OptionTypeName(OptionType type) {
  switch (type) {
    case OptionType::kString: return "string";
    case OptionType::kBool: return "bool";
    case OptionType::kInteger: return "integer";
    case OptionType::kNumber: return "number";
    case OptionType::kStringList:
    case OptionType::kKeyList:
    case OptionType::kFeedList: return "list";
  }
  return "?";
}

Expected<LiveOptions> ParseLiveOptions(std::string_view config_json) {
  LiveOptions options;
  for (const OptionSpec& spec : kOptions) {
    boost::system::error_code ec;
    json::value def = IsList(spec.type) ? json::parse(spec.default_value, ec) : json::value(spec.default_value);
    if (ec) return Failure{std::string("default of ") + spec.name + " is not JSON"};
    if (auto error = Apply(spec, def, &options)) return Failure{"default of " + *error};
  }
  boost::system::error_code ec;
  json::value config = json::parse(config_json.empty() ? std::string_view("{}") : config_json, ec);
  if (ec) return Failure{"configuration is not JSON: " + ec.message()};
  if (config.is_null()) return options;
  if (!config.is_object()) return Failure{"configuration: expected an object of options"};
  for (const auto& member : config.as_object()) {
    const OptionSpec* spec = nullptr;
    for (const OptionSpec& s : kOptions) {
      if (member.key() == s.name) spec = &s;
    }
    if (spec == nullptr) {
      return Failure{std::string(member.key()) + ": unknown option (see docs/plugins/livestream.md)"};
    }
    if (auto error = Apply(*spec, member.value(), &options)) return Failure{*error};
  }
  const std::string& prefix = options.route_prefix;
  if (prefix.size() < 2 || prefix.front() != '/' || prefix.back() == '/' ||
      prefix.find_first_of("{}?#% ") != std::string::npos || prefix == "/v1" || prefix.starts_with("/v1/")) {
    return Failure{"route_prefix: expected an absolute path without a trailing '/', outside /v1, e.g. /live"};
  }
  if (options.reconnect_max_ms < options.reconnect_min_ms) {
    return Failure{"reconnect_max_ms: must not be below reconnect_min_ms"};
  }
  return options;
}

}  // namespace rexian::live
