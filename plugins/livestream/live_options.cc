// The option table and the parser of the plugin's `config:` block.
#include "livestream/live_options.h"

#include <boost/json.hpp>
#include <cmath>
#include <optional>
#include <set>

#include "kit/json_scalars.h"
#include "kit/text_shapes.h"
#include "livestream/tcp_stream.h"

namespace rexian::live {
namespace {

namespace json = boost::json;
using plugin_kit::NumberOf;
using plugin_kit::ScalarText;

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
      if (key == "name" && text && plugin_kit::IsLowerName(*text, 32, "_-")) {
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

// The feeds row's reader (OptionParser).
std::optional<std::string> ReadFeeds(const json::value& v, const std::string&, LiveOptions* options) {
  auto feeds = ParseFeeds(v);
  if (!feeds.ok()) return feeds.error();
  options->feeds = std::move(*feeds);
  return std::nullopt;
}

enum class ListKind { kTexts, kKeyDigests };

// The reader (OptionParser) of a list of short texts, or of SHA-256 digests
// of keys, into `member`.
template <std::vector<std::string> LiveOptions::*member, ListKind kind>
std::optional<std::string> ReadList(const json::value& v, const std::string& where,
                                    LiveOptions* options) {
  if (!v.is_array()) return where + ": expected a list of strings";
  std::vector<std::string> items;
  for (const json::value& item : v.as_array()) {
    auto text = ScalarText(item);
    if (!text || text->empty() || text->size() > 200) return where + ": expected non-empty strings";
    if (kind == ListKind::kKeyDigests && !plugin_kit::IsSha256Hex(*text)) {
      return where + ": expected 64 lower-case hex digits (the SHA-256 of a key), not the key";
    }
    items.push_back(*text);
  }
  options->*member = std::move(items);
  return std::nullopt;
}

const std::vector<OptionSpec> kOptions = {
    {"route_prefix", OptionType::kString, "/live",
     "Path under which the programme desk's routes are mounted (`<prefix>/sessions`, ...).",
     &LiveOptions::route_prefix},
    {"desk_keys", OptionType::kList, "[]",
     "SHA-256 (64 lower-case hex digits) of each key the programme desk presents as "
     "`Authorization: Bearer <key>` or `X-Api-Key`. Empty: every desk route answers 403.",
     &ReadList<&LiveOptions::desk_keys, ListKind::kKeyDigests>},
    {"feeds", OptionType::kList, "[]",
     "Comment feeds sessions may listen to: a list of `{name, kind: json|bilibili, url, room_id?, "
     "uid?, token?}`; `url` is `ws://host:port/path` (both kinds) or `tcp://host:port` (bilibili's "
     "TCP port). A session names the feeds it uses.",
     &ReadFeeds},
    {"spam_keywords", OptionType::kList,
     R"(["加微信","加v","vx","代理","兼职","刷单","返利","优惠券","私聊","免费领","赚钱"])",
     "A comment containing any of these (compared without case, spaces and punctuation) is spam.",
     &ReadList<&LiveOptions::spam_keywords, ListKind::kTexts>},
    {"links_are_spam", OptionType::kBool, "true",
     "A comment with a URL, `www.` or a bare domain name is spam.", &LiveOptions::links_are_spam},
    {"max_repeated_chars", OptionType::kInteger, "5",
     "A comment repeating one character more often than this in a row is spam (0: no limit).",
     &LiveOptions::max_repeated_chars, 0, 1000},
    {"min_chars", OptionType::kInteger, "6",
     "A comment with fewer meaningful characters (not spaces, punctuation, emoji or `[emoticons]`) "
     "is noise.",
     &LiveOptions::min_chars, 0, 1000},
    {"greetings", OptionType::kList,
     R"(["主播好","市长好","大家好","你好","您好","来了","打卡","前排","666","支持","加油","哈哈"])",
     "A comment that is one of these greetings and fewer than `min_chars` more characters is noise.",
     &ReadList<&LiveOptions::greetings, ListKind::kTexts>},
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

}  // namespace

const std::vector<OptionSpec>& LiveOptionTable() { return kOptions; }

Expected<LiveOptions> ParseLiveOptions(std::string_view config_json) {
  auto parsed = plugin_kit::ParseOptionTable(kOptions, config_json, "docs/plugins/livestream.md");
  if (!parsed.ok()) return parsed;
  const LiveOptions& options = *parsed;
  const std::string& prefix = options.route_prefix;
  if (prefix.size() < 2 || prefix.front() != '/' || prefix.back() == '/' ||
      prefix.find_first_of("{}?#% ") != std::string::npos || prefix == "/v1" || prefix.starts_with("/v1/")) {
    return Failure{"route_prefix: expected an absolute path without a trailing '/', outside /v1, e.g. /live"};
  }
  if (options.reconnect_max_ms < options.reconnect_min_ms) {
    return Failure{"reconnect_max_ms: must not be below reconnect_min_ms"};
  }
  return parsed;
}

}  // namespace rexian::live
