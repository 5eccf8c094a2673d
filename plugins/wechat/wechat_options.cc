// The option tables and the parser of the plugin's `config:` block.
#include "wechat/wechat_options.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <optional>
#include <set>

#include "wechat/message_cipher.h"

namespace rexian::wechat {
namespace {

namespace json = boost::json;

const std::vector<OptionSpec> kOptions = {
    {"accounts", OptionType::kAccounts, "",
     "The official accounts served: a list of entries with the members below. At least one.",
     &WechatOptions::accounts, 0, 0, true},
    {"reply_budget_ms", OptionType::kInteger, "4000",
     "How long a callback waits for intake before answering `success` and sending the ticket "
     "number through the customer-service message API instead (WeChat gives up after 5 s). 0: "
     "never wait, always answer `success` at once and send the number afterwards.",
     &WechatOptions::reply_budget_ms, 0, 4500},
    {"follow_up_window_minutes", OptionType::kInteger, "60",
     "A text or media message within this many minutes of the citizen's previous one is added to "
     "the ticket that one opened (if still open) instead of opening a new one. 0: only a quoted "
     "ticket number makes a follow-up.",
     &WechatOptions::follow_up_window_minutes, 0, 10080},
    {"api_timeout_ms", OptionType::kInteger, "5000",
     "Timeout of one call to the WeChat API (access token, customer-service message).",
     &WechatOptions::api_timeout_ms, 100, 10000},
    {"body_limit_bytes", OptionType::kInteger, "65536",
     "Largest callback body accepted (413 above it).", &WechatOptions::body_limit_bytes, 1024,
     1 << 20},
    {"max_remembered_citizens", OptionType::kInteger, "100000",
     "Most citizens whose current ticket and last reported location are kept in memory (the "
     "least recently seen are forgotten first).",
     &WechatOptions::max_remembered_citizens, 100, 10000000},
    {"welcome_text", OptionType::kString,
     "欢迎关注12345政务服务便民热线！请直接发送文字、图片或位置描述您的诉求，我们会回复工单号。",
     "Passive reply to a subscribe or SCAN event.", &WechatOptions::welcome_text},
    {"menu_text", OptionType::kString,
     "请直接发送文字描述您的诉求；查询进度请发送工单号。",
     "Reply to a CLICK menu event when the citizen has no current ticket.",
     &WechatOptions::menu_text},
};

const std::vector<OptionSpec> kAccountOptions = {
    {"name", OptionType::kString, "",
     "Short name of the account, `[a-z0-9][a-z0-9_-]{0,31}`; the default path is "
     "`/wechat/<name>`.",
     &AccountOptions::name, 0, 0, true},
    {"appid", OptionType::kString, "", "The account's AppID (`wx...`).", &AccountOptions::appid, 0,
     0, true},
    {"token", OptionType::kString, "",
     "The Token of the account's server configuration (signs every callback).",
     &AccountOptions::token, 0, 0, true},
    {"encoding_aes_key", OptionType::kString, "",
     "The 43-character EncodingAESKey; required unless mode is plaintext.",
     &AccountOptions::encoding_aes_key},
    {"mode", OptionType::kMode, "safe",
     "Message security mode: `plaintext` (明文), `compatible` (兼容) or `safe` (安全).",
     &AccountOptions::mode},
    {"path", OptionType::kString, "", "Callback path (GET verification, POST messages). Default "
     "`/wechat/<name>`.", &AccountOptions::path},
    {"api_base_url", OptionType::kString, "https://api.weixin.qq.com",
     "Base URL of the WeChat API for access tokens and customer-service messages.",
     &AccountOptions::api_base_url},
    {"appsecret", OptionType::kString, "",
     "The AppSecret, to obtain access tokens. Empty: no outbound messages (late ticket numbers "
     "and rexian's replies cannot be sent).",
     &AccountOptions::appsecret},
};

std::optional<std::string> ScalarText(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  if (v.is_double()) return json::serialize(v);
  return std::nullopt;
}

std::optional<double> NumberOf(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  if (v.is_double()) return v.as_double();
  if (v.is_string()) {
    std::string_view s = v.as_string();
    double d = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec == std::errc() && end == s.data() + s.size() && std::isfinite(d)) return d;
  }
  return std::nullopt;
}

std::string Range(const OptionSpec& spec) {
  return "[" + std::to_string(static_cast<long long>(spec.min)) + ", " +
         std::to_string(static_cast<long long>(spec.max)) + "]";
}

bool IsAccountName(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '_' || c == '-'));
    if (!ok) return false;
  }
  return true;
}

std::optional<std::string> ParseAccounts(const json::value& v, std::vector<AccountOptions>* out);

// Applies one value to `options` or `account` (whichever the target names).
std::optional<std::string> Apply(const OptionSpec& spec, const std::string& where,
                                 const json::value& v, WechatOptions* options,
                                 AccountOptions* account) {
  switch (spec.type) {
    case OptionType::kString: {
      auto text = ScalarText(v);
      if (!text) return where + ": expected a string";
      if (auto* t = std::get_if<std::string WechatOptions::*>(&spec.target)) options->**t = *text;
      if (auto* t = std::get_if<std::string AccountOptions::*>(&spec.target)) account->**t = *text;
      return std::nullopt;
    }
    case OptionType::kInteger: {
      auto d = NumberOf(v);
      if (!d || *d != std::floor(*d) || *d < spec.min || *d > spec.max) {
        return where + ": expected an integer in " + Range(spec);
      }
      options->*std::get<std::int64_t WechatOptions::*>(spec.target) = static_cast<std::int64_t>(*d);
      return std::nullopt;
    }
    case OptionType::kMode: {
      auto text = ScalarText(v).value_or("");
      SecurityMode mode;
      if (text == "plaintext") {
        mode = SecurityMode::kPlaintext;
      } else if (text == "compatible") {
        mode = SecurityMode::kCompatible;
      } else if (text == "safe") {
        mode = SecurityMode::kSafe;
      } else {
        return where + ": expected one of plaintext|compatible|safe";
      }
      account->*std::get<SecurityMode AccountOptions::*>(spec.target) = mode;
      return std::nullopt;
    }
    case OptionType::kAccounts:
      return ParseAccounts(v, &(options->*std::get<std::vector<AccountOptions> WechatOptions::*>(
                                              spec.target)));
  }
  return where + ": unsupported option type";
}

std::optional<std::string> CheckPath(const std::string& where, const std::string& path) {
  if (path.size() < 2 || path.front() != '/' || path.back() == '/' ||
      path.find_first_of("{}?#% ") != std::string::npos || path.find("//") != std::string::npos) {
    return where + ": expected an absolute path without a trailing '/', e.g. /wechat/xz12345";
  }
  for (const char* owned : {"/v1", "/metrics", "/healthz", "/readyz"}) {
    std::string o = owned;
    if (path == o || path.starts_with(o + "/")) return where + ": '" + path + "' is rexian's own";
  }
  return std::nullopt;
}

std::optional<std::string> ParseAccount(const json::value& v, const std::string& where,
                                        AccountOptions* account) {
  if (!v.is_object()) return where + ": expected an object with name, appid, token, ...";
  WechatOptions unused;
  for (const OptionSpec& spec : kAccountOptions) {
    if (*spec.default_value == '\0') continue;
    if (auto e = Apply(spec, where + "." + spec.name, json::value(spec.default_value), &unused, account)) {
      return "default of " + *e;
    }
  }
  for (const auto& member : v.as_object()) {
    const OptionSpec* spec = nullptr;
    for (const OptionSpec& s : kAccountOptions) {
      if (member.key() == s.name) spec = &s;
    }
    const std::string at = where + "." + std::string(member.key());
    if (spec == nullptr) return at + ": unknown member (see docs/plugins/wechat.md)";
    if (auto e = Apply(*spec, at, member.value(), &unused, account)) return e;
  }
  for (const OptionSpec& spec : kAccountOptions) {
    const auto* t = std::get_if<std::string AccountOptions::*>(&spec.target);
    if (spec.required && t != nullptr && (account->**t).empty()) {
      return where + "." + spec.name + ": required";
    }
  }
  if (!IsAccountName(account->name)) {
    return where + ".name: expected a name matching [a-z0-9][a-z0-9_-]{0,31}";
  }
  if (account->path.empty()) account->path = "/wechat/" + account->name;
  if (auto e = CheckPath(where + ".path", account->path)) return e;
  if (account->mode != SecurityMode::kPlaintext || !account->encoding_aes_key.empty()) {
    auto cipher = MessageCipher::Create(account->encoding_aes_key);
    if (!cipher.ok()) return where + "." + cipher.error();
  }
  const std::string& base = account->api_base_url;
  if (!(base.starts_with("http://") || base.starts_with("https://")) || base.back() == '/') {
    return where + ".api_base_url: expected an http(s) URL without a trailing '/'";
  }
  return std::nullopt;
}

std::optional<std::string> ParseAccounts(const json::value& v, std::vector<AccountOptions>* out) {
  if (!v.is_array() || v.as_array().empty()) {
    return std::string("accounts: expected a list of at least one account");
  }
  std::set<std::string> names, paths, appids;
  out->clear();
  for (std::size_t i = 0; i < v.as_array().size(); ++i) {
    const std::string where = "accounts[" + std::to_string(i) + "]";
    AccountOptions account;
    if (auto e = ParseAccount(v.as_array()[i], where, &account)) return e;
    if (!names.insert(account.name).second) return where + ".name: listed twice";
    if (!paths.insert(account.path).second) return where + ".path: listed twice";
    if (!appids.insert(account.appid).second) return where + ".appid: listed twice";
    out->push_back(std::move(account));
  }
  return std::nullopt;
}

}  // namespace

const std::vector<OptionSpec>& WechatOptionTable() { return kOptions; }
const std::vector<OptionSpec>& AccountOptionTable() { return kAccountOptions; }

const char* OptionTypeName(OptionType type) {
  switch (type) {
    case OptionType::kString: return "string";
    case OptionType::kInteger: return "integer";
    case OptionType::kAccounts: return "list";
    case OptionType::kMode: return "enum";
  }
  return "?";
}

Expected<WechatOptions> ParseWechatOptions(std::string_view config_json) {
  WechatOptions options;
  AccountOptions unused;
  for (const OptionSpec& spec : kOptions) {
    if (spec.type == OptionType::kAccounts) continue;
    if (auto e = Apply(spec, spec.name, json::value(spec.default_value), &options, &unused)) {
      return Failure{"default of " + *e};
    }
  }
  boost::system::error_code ec;
  json::value config = json::parse(config_json.empty() ? std::string_view("{}") : config_json, ec);
  if (ec) return Failure{"configuration is not JSON: " + ec.message()};
  if (config.is_null()) config = json::object();
  if (!config.is_object()) return Failure{"configuration: expected an object of options"};
  for (const auto& member : config.as_object()) {
    const OptionSpec* spec = nullptr;
    for (const OptionSpec& s : kOptions) {
      if (member.key() == s.name) spec = &s;
    }
    if (spec == nullptr) {
      return Failure{std::string(member.key()) + ": unknown option (see docs/plugins/wechat.md)"};
    }
    if (auto e = Apply(*spec, spec->name, member.value(), &options, &unused)) return Failure{*e};
  }
  if (options.accounts.empty()) return Failure{"accounts: required (at least one account)"};
  return options;
}

}  // namespace rexian::wechat
