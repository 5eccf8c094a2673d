// PhoneOptions: the phone plugin's settings, declared once in a table (name,
// type, default, description) from which parsing, defaults and
// docs/plugins/phone.md follow.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kit/option_table.h"

namespace rexian::phone {

// Every setting of one plugin instance. Defaults come from PhoneOptionTable().
struct PhoneOptions {
  std::string ami_host;
  std::int64_t ami_port = 0;
  std::string ami_username;
  std::string ami_secret;
  std::int64_t reconnect_initial_ms = 0;
  std::int64_t reconnect_max_ms = 0;
  std::int64_t lost_after_seconds = 0;
  std::int64_t connect_timeout_ms = 0;
  std::string contexts;            // comma-separated; see ContextSet()
  std::string recording_variable;
  std::string survey_event;
  std::string survey_keys;         // "1=satisfied,2=basically_satisfied,3=dissatisfied"
  std::int64_t survey_hold_hours = 0;
  std::int64_t survey_retry_seconds = 0;
  std::string route_prefix;
  std::vector<std::string> api_key_sha256;  // 64 lower-case hex digits each
  std::int64_t max_recent_calls = 0;

  // Parsed forms, filled by ParsePhoneOptions.
  std::set<std::string> context_set;
  std::map<char, std::string> survey_ratings;  // key -> satisfied | basically_satisfied | dissatisfied
};

// One row of the option table (plugins/kit/option_table.h).
using OptionSpec = plugin_kit::OptionSpec<PhoneOptions>;
using plugin_kit::OptionType;
using plugin_kit::OptionTypeName;

// The table, in documentation order.
const std::vector<OptionSpec>& PhoneOptionTable();

// Reads the plugin's `config:` block (a JSON object). Every option not given
// takes its default; an unknown option, a wrong type or a value out of range
// is refused with a message naming the option. Integers given as strings
// ("5038") are accepted, since YAML scalars carry no type. Returns the
// options, or the message in `error`.
std::optional<PhoneOptions> ParsePhoneOptions(std::string_view config_json, std::string* error);

}  // namespace rexian::phone
