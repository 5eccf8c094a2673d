// WechatPlugin: creation, threads, deliver().
#include "wechat/wechat_plugin.h"

#include <boost/json.hpp>
#include <ctime>

#include "wechat/callback_route.h"

namespace rexian::wechat {
namespace {

namespace json = boost::json;

void CollectJson(void* user_data, const char* text, size_t len) {
  static_cast<std::string*>(user_data)->assign(text, len);
}

int ServerUtcOffset(const rexian_host_api* api, rexian_host* host) {
  std::string text;
  if (api->config_section(host, "server", &CollectJson, &text) != REXIAN_OK) return 0;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return 0;
  auto* offset = v.as_object().if_contains("utc_offset_minutes");
  return offset != nullptr && offset->is_number() ? offset->to_number<int>() : 0;
}

std::string JsonMember(const std::string& text, const char* name) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return "";
  auto* member = v.as_object().if_contains(name);
  return member != nullptr && member->is_string() ? std::string(member->as_string()) : "";
}

}  // namespace

WechatPlugin::WechatPlugin(const rexian_host_api* api, rexian_host* host, WechatOptions options)
    : api_(api),
      host_(host),
      options_(std::move(options)),
      memory_(static_cast<std::size_t>(options_.max_remembered_citizens)),
      gate_(std::make_shared<HostGate>(api)) {}

WechatPlugin::~WechatPlugin() { Stop(); }

Expected<std::unique_ptr<WechatPlugin>> WechatPlugin::Create(const rexian_host_api* api,
                                                             rexian_host* host,
                                                             std::string_view config_json) {
  auto options = ParseWechatOptions(config_json);
  if (!options.ok()) return Failure{options.error()};
  std::unique_ptr<WechatPlugin> plugin(new WechatPlugin(api, host, std::move(*options)));
  plugin->channel_ = api->channel(host);
  plugin->utc_offset_minutes_ = ServerUtcOffset(api, host);
  const auto timeout = std::chrono::milliseconds(plugin->options_.api_timeout_ms);
  for (const AccountOptions& account_options : plugin->options_.accounts) {
    auto account = std::make_unique<Account>();
    account->plugin = plugin.get();
    account->options = account_options;
    if (!account_options.encoding_aes_key.empty()) {
      auto cipher = MessageCipher::Create(account_options.encoding_aes_key);
      if (!cipher.ok()) return Failure{"accounts: " + account_options.name + ": " + cipher.error()};
      account->cipher = std::move(*cipher);
    }
    account->customer_service = std::make_unique<CustomerServiceClient>(account_options, timeout);
    plugin->accounts_.push_back(std::move(account));
  }
  for (const auto& account : plugin->accounts_) {
    if (auto registered = RegisterCallbackRoutes(plugin.get(), account.get()); !registered.ok()) {
      return Failure{registered.error()};
    }
  }
  return plugin;
}

void WechatPlugin::Start() {
  deadlines_.Start();
  outbound_.Start();
}

void WechatPlugin::Stop() {
  if (stop_called_.exchange(true)) return;
  int left = gate_->Close(std::chrono::seconds(3));
  stopped_ = true;
  if (left > 0) {
    Log(REXIAN_LOG_WARN, std::to_string(left) + " submits were still in flight at stop");
  }
  deadlines_.Stop();
  if (std::size_t dropped = outbound_.Stop(); dropped > 0) {
    Log(REXIAN_LOG_WARN, std::to_string(dropped) + " customer-service messages were not sent at stop");
  }
}

std::string WechatPlugin::NowText() const {
  const std::time_t now = std::time(nullptr) + utc_offset_minutes_ * 60;
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[64];
  const int offset = utc_offset_minutes_ < 0 ? -utc_offset_minutes_ : utc_offset_minutes_;
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                utc_offset_minutes_ < 0 ? '-' : '+', offset / 60, offset % 60);
  return text;
}

void WechatPlugin::Log(rexian_log_level level, const std::string& message) const {
  api_->log(host_, level, message.c_str());
}

void WechatPlugin::Count(const std::string& name) const {
  if (stopped_) return;
  api_->counter_add(host_, name.c_str(), "WeChat callbacks and messages by outcome or type", 1.0);
}

void WechatPlugin::SendLater(const Account& account, const std::string& openid,
                             const std::string& text, int attempt) {
  const Account* target = &account;
  auto due = WorkThread::Clock::now() + (attempt == 1 ? std::chrono::seconds(0) : std::chrono::seconds(30));
  outbound_.Post(due, [this, target, openid, text, attempt] {
    SendOutcome sent = target->customer_service->SendText(openid, text);
    if (sent.result == SendResult::kSent) {
      Count("late_numbers_sent");
      return;
    }
    Log(REXIAN_LOG_WARN, "account " + target->options.name + ": late ticket number not sent (attempt " +
                             std::to_string(attempt) + "): " + sent.reason);
    if (sent.result == SendResult::kRetryLater && attempt < 3) {
      SendLater(*target, openid, text, attempt + 1);
    } else {
      Count("late_numbers_failed");
    }
  });
}

const Account* WechatPlugin::AccountForContact(const std::string& channel_message_id) const {
  const std::size_t colon = channel_message_id.find(':');
  if (colon != std::string::npos) {
    const std::string appid = channel_message_id.substr(0, colon);
    for (const auto& account : accounts_) {
      if (account->options.appid == appid) return account.get();
    }
  }
  return accounts_.size() == 1 ? accounts_.front().get() : nullptr;
}

rexian_status WechatPlugin::Deliver(const rexian_reply& reply, std::string* error) {
  const std::string channel_message_id =
      reply.channel_message_id != nullptr ? reply.channel_message_id : "";
  const std::string kind = reply.kind != nullptr ? reply.kind : "";
  if (kind == "acknowledgement" && memory_.WasTold(channel_message_id)) {
    Count("acknowledgements_already_told");
    return REXIAN_OK;  // the passive reply or a late message carried the number
  }
  const std::string openid = JsonMember(reply.citizen_json != nullptr ? reply.citizen_json : "",
                                        "wechat_openid");
  if (openid.empty()) {
    *error = "the citizen has no WeChat OpenID";
    return REXIAN_INVALID;
  }
  const Account* account = AccountForContact(channel_message_id);
  if (account == nullptr) {
    *error = "no configured account for contact " + channel_message_id;
    return REXIAN_INVALID;
  }
  SendOutcome sent = account->customer_service->SendText(openid, reply.text != nullptr ? reply.text : "");
  switch (sent.result) {
    case SendResult::kSent:
      Count("replies_sent");
      return REXIAN_OK;
    case SendResult::kRetryLater:
      *error = sent.reason;
      return REXIAN_UNAVAILABLE;
    case SendResult::kNever:
      break;
  }
  *error = sent.reason;
  return REXIAN_INVALID;
}

}  // namespace rexian::wechat
