// The option tables and the parser of the plugin's `config:` block.
#include "wechat/wechat_options.h"

#include <boost/json.hpp>
#include <optional>
#include <set>

#include "kit/json_scalars.h"
#include "kit/text_shapes.h"
#include "wechat/message_cipher.h"

namespace rexian::wechat {
namespace {

namespace json = boost::json;

std::optional<std::string> ReadAccounts(const json::value& v, const std::string& where,
                                        WechatOptions* options);

// The mode row's reader (OptionParser).
std::optional<std::string> ReadMode(const json::value& v, const std::string& where,
                                    AccountOptions* account) {
  auto text = plugin_kit::ScalarText(v).value_or("");
  if (text == "plaintext") {
    account->mode = SecurityMode::kPlaintext;
  } else if (text == "compatible") {
    account->mode = SecurityMode::kCompatible;
  } else if (text == "safe") {
    account->mode = SecurityMode::kSafe;
  } else {
    return where + ": expected one of plaintext|compatible|safe";
  }
  return std::nullopt;
}

const std::vector<plugin_kit::OptionSpec<WechatOptions>> kOptions = {
    {"accounts", OptionType::kList, "",
     "The official accounts served: a list of entries with the members below. At least one.",
     &ReadAccounts},
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

const std::vector<plugin_kit::OptionSpec<AccountOptions>> kAccountOptions = {
    {"name", OptionType::kString, "",
     "Short name of the account, `[a-z0-9][a-z0-9_-]{0,31}`; the default path is "
     "`/wechat/<name>`.",
     &AccountOptions::name, 0, 0, nullptr, true},
    {"appid", OptionType::kString, "", "The account's AppID (`wx...`).", &AccountOptions::appid, 0,
     0, nullptr, true},
    {"token", OptionType::kString, "",
     "The Token of the account's server configuration (signs every callback).",
     &AccountOptions::token, 0, 0, nullptr, true},
    {"encoding_aes_key", OptionType::kString, "",
     "The 43-character EncodingAESKey; required unless mode is plaintext.",
     &AccountOptions::encoding_aes_key},
    {"mode", OptionType::kEnum, "safe",
     "Message security mode: `plaintext` (明文), `compatible` (兼容) or `safe` (安全).",
     &ReadMode},
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
  if (auto e = plugin_kit::ApplyDefaults(kAccountOptions, where + ".", account)) return e;
  if (auto e = plugin_kit::ApplyMembers(kAccountOptions, v.as_object(), where + ".",
                                        "unknown member (see docs/plugins/wechat.md)", account)) {
    return e;
  }
  if (!plugin_kit::IsLowerName(account->name, 32, "_-")) {
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

// The accounts row's reader (OptionParser).
std::optional<std::string> ReadAccounts(const json::value& v, const std::string& where,
                                        WechatOptions* options) {
  if (!v.is_array() || v.as_array().empty()) {
    return where + ": expected a list of at least one account";
  }
  std::set<std::string> names, paths, appids;
  std::vector<AccountOptions>* out = &options->accounts;
  out->clear();
  for (std::size_t i = 0; i < v.as_array().size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    AccountOptions account;
    if (auto e = ParseAccount(v.as_array()[i], at, &account)) return e;
    if (!names.insert(account.name).second) return at + ".name: listed twice";
    if (!paths.insert(account.path).second) return at + ".path: listed twice";
    if (!appids.insert(account.appid).second) return at + ".appid: listed twice";
    out->push_back(std::move(account));
  }
  return std::nullopt;
}

}  // namespace

const std::vector<OptionSpec>& WechatOptionTable() {
  static const std::vector<OptionSpec> docs = plugin_kit::OptionDocsOf(kOptions);
  return docs;
}

const std::vector<OptionSpec>& AccountOptionTable() {
  static const std::vector<OptionSpec> docs = plugin_kit::OptionDocsOf(kAccountOptions);
  return docs;
}

Expected<WechatOptions> ParseWechatOptions(std::string_view config_json) {
  auto parsed = plugin_kit::ParseOptionTable(kOptions, config_json, "docs/plugins/wechat.md");
  if (!parsed.ok()) return parsed;
  if (parsed->accounts.empty()) return Failure{"accounts: required (at least one account)"};
  return parsed;
}

}  // namespace rexian::wechat
