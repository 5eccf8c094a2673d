// WechatOptions: the plugin's settings, declared once in tables (name, type,
// default, description) from which parsing, defaults and
// docs/plugins/wechat.md all follow.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kit/option_table.h"
#include "wechat/expected.h"

namespace rexian::wechat {

// WeChat's message security modes (消息加解密方式).
enum class SecurityMode { kPlaintext, kCompatible, kSafe };

// One official account served by the instance.
struct AccountOptions {
  std::string name;              // [a-z0-9][a-z0-9_-]{0,31}: the {account} of the default path
  std::string appid;             // wx...
  std::string token;             // the Token set in the account's server configuration
  std::string encoding_aes_key;  // 43 characters; required unless mode is plaintext
  SecurityMode mode = SecurityMode::kSafe;
  std::string path;              // callback path; default /wechat/<name>
  std::string api_base_url;      // https://api.weixin.qq.com
  std::string appsecret;         // for access tokens; "" disables outbound messages
};

// Every setting of one plugin instance.
struct WechatOptions {
  std::vector<AccountOptions> accounts;
  std::int64_t reply_budget_ms = 0;
  std::int64_t follow_up_window_minutes = 0;
  std::int64_t api_timeout_ms = 0;
  std::int64_t body_limit_bytes = 0;
  std::int64_t max_remembered_citizens = 0;
  std::string welcome_text;
  std::string menu_text;
};

// The documented side of an option row (plugins/kit/option_table.h); the
// instance's rows fill WechatOptions, the `accounts` entries' rows fill
// AccountOptions, and both tables list as OptionSpecs.
using OptionSpec = plugin_kit::OptionDoc;
using plugin_kit::OptionType;
using plugin_kit::OptionTypeName;

// The instance's options, in documentation order.
const std::vector<OptionSpec>& WechatOptionTable();
// The members of one `accounts` entry, in documentation order.
const std::vector<OptionSpec>& AccountOptionTable();

// Reads the plugin's `config:` block (a JSON object). Options not given take
// their default; an unknown option, a wrong type, a value out of range or an
// account without its required members fails with a message naming the
// option ("accounts[0].token: required"). Scalars given as strings are
// accepted, because YAML scalars carry no type.
Expected<WechatOptions> ParseWechatOptions(std::string_view config_json);

}  // namespace rexian::wechat
