// LiveOptions: the livestream plugin's settings, declared once in a table
// (name, type, default, description) from which parsing, defaults and
// docs/plugins/livestream.md follow.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kit/expected.h"
#include "kit/option_table.h"

namespace rexian::live {

using plugin_kit::Done;
using plugin_kit::Expected;
using plugin_kit::Failure;

// One configured comment feed a session can listen to.
struct FeedConfig {
  std::string name;          // [a-z0-9][a-z0-9_-]{0,31}, referenced by sessions
  std::string kind;          // "json" (WebSocket JSON feed) or "bilibili"
  std::string url;           // ws://host:port/path, or tcp://host:port for bilibili
  std::uint64_t room_id = 0; // bilibili: the room's real id
  std::uint64_t uid = 0;     // bilibili: the account's uid for auth (0: anonymous)
  std::string token;         // bilibili: the auth key from getDanmuInfo ("" anonymous)
};

struct LiveOptions {
  std::string channel;  // not an option: the host says it
  std::string route_prefix;
  std::vector<std::string> desk_keys;  // SHA-256 hex of the programme desk's keys
  std::vector<FeedConfig> feeds;
  std::vector<std::string> spam_keywords;
  bool links_are_spam = true;
  std::int64_t max_repeated_chars = 0;
  std::int64_t min_chars = 0;
  std::vector<std::string> greetings;
  std::int64_t duplicate_window_seconds = 0;
  double near_duplicate_similarity = 0;
  std::int64_t heartbeat_seconds = 0;
  std::int64_t reconnect_min_ms = 0;
  std::int64_t reconnect_max_ms = 0;
  std::int64_t max_message_bytes = 0;
  std::int64_t rejection_flush_every = 0;
};

// One row of the option table (plugins/kit/option_table.h).
using OptionSpec = plugin_kit::OptionSpec<LiveOptions>;
using plugin_kit::OptionType;
using plugin_kit::OptionTypeName;

// The table, in documentation order.
const std::vector<OptionSpec>& LiveOptionTable();

// Reads the plugin's `config:` block (a JSON object). Options not given take
// their defaults; an unknown option, a wrong type or a value out of range
// fails naming the option. Scalars given as strings ("20", "true") are
// accepted (YAML scalars carry no type).
Expected<LiveOptions> ParseLiveOptions(std::string_view config_json);

}  // namespace rexian::live
