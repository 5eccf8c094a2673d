// WebOptions: the plugin's settings, declared once in a table (name, type,
// default, description) from which parsing, defaults and docs/plugins/web.md
// all follow.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kit/option_table.h"
#include "web/expected.h"

namespace rexian::web {

// One client application allowed to submit: its name and the SHA-256 (64
// lower-case hex digits) of its API key. rate/burst <= 0: the plugin-wide
// key_rate/key_burst apply.
struct ApiClient {
  std::string client;      // [a-z0-9][a-z0-9_.-]{0,63}
  std::string key_sha256;  // never the key itself
  double rate = 0;         // tokens per second
  double burst = 0;        // bucket size
};

// Every setting of one plugin instance. Defaults come from WebOptionTable().
struct WebOptions {
  std::string channel;  // not an option: the host says it (rexian_host_api.channel)
  bool form_enabled = false;
  std::string form_path;
  bool form_requires_api_key = false;
  bool open311_enabled = false;
  std::string open311_prefix;
  std::string language;
  std::string jurisdiction_id;
  std::string public_url;
  std::string discovery_contact;
  std::string discovery_key_service;
  std::string endpoint_type;
  bool list_all_channels = false;
  std::int64_t requests_limit = 0;
  std::int64_t body_limit_bytes = 0;
  double ip_rate = 0;
  double ip_burst = 0;
  double key_rate = 0;
  double key_burst = 0;
  std::int64_t max_tracked_clients = 0;
  std::vector<ApiClient> api_keys;
};

// One row of the option table (plugins/kit/option_table.h).
using OptionSpec = plugin_kit::OptionSpec<WebOptions>;
using plugin_kit::OptionType;
using plugin_kit::OptionTypeName;

// The table, in documentation order.
const std::vector<OptionSpec>& WebOptionTable();

// Reads the plugin's `config:` block (a JSON object). Every option not given
// takes its default; an unknown option, a wrong type or a value out of range
// fails with a message naming the option ("rate_per_ip: expected a number in
// [0.01, 100000]"). Scalars given as strings ("20", "true") are accepted,
// because YAML scalars carry no type.
Expected<WebOptions> ParseWebOptions(std::string_view config_json);

}  // namespace rexian::web
