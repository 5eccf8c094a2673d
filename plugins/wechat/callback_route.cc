// Callback handling: signature, envelope, decryption, the plan, the reply
// within WeChat's 5-second deadline.
#include "wechat/callback_route.h"

#include <openssl/rand.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <memory>

#include "wechat/callback_query.h"
#include "wechat/message_plan.h"
#include "wechat/signature.h"
#include "wechat/wechat_xml.h"

namespace rexian::wechat {
namespace {

constexpr const char* kTextPlain = "text/plain; charset=utf-8";
constexpr const char* kTextXml = "text/xml; charset=utf-8";

std::string RandomNonce() {
  unsigned char bytes[5];
  RAND_bytes(bytes, sizeof bytes);
  std::string out;
  for (unsigned char b : bytes) out += std::to_string(b % 100);
  return out;
}

std::int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// How one callback is answered: plain or encrypted passive replies.
class Callback {
 public:
  Callback(WechatPlugin* plugin, const Account* account, rexian_http_exchange* exchange)
      : plugin_(plugin), account_(account), exchange_(exchange) {}

  void Handle(const rexian_http_request& request);

 private:
  void Message(const XmlFields& message);
  void SubmitWithDeadline(const MessagePlan& plan);
  // The passive reply to `message`'s sender, encrypted when the request was.
  std::string ReplyBody(const std::string& to, const std::string& from, const std::string& text) const;
  void Answer(int status, const char* type, const std::string& body) {
    plugin_->gate().Respond(exchange_, status, type, body);
  }
  void Success() { Answer(200, kTextPlain, "success"); }
  void Refuse(const std::string& why);
  // Answers `success` (WeChat then neither retries nor shows an error), logs
  // and keeps `raw` in the quarantine through intake.
  void Quarantine(const std::string& counter, const std::string& reason, const std::string& raw);

  WechatPlugin* plugin_;
  const Account* account_;
  rexian_http_exchange* exchange_;
  bool encrypted_ = false;
};

void Callback::Refuse(const std::string& why) {
  plugin_->Count("bad_signature");
  plugin_->Log(REXIAN_LOG_WARN, "account " + account_->options.name + ": refused a callback: " + why);
  Answer(403, kTextPlain, "invalid signature");
}

void Callback::Quarantine(const std::string& counter, const std::string& reason,
                          const std::string& raw) {
  plugin_->Count(counter);
  plugin_->Log(REXIAN_LOG_WARN, "account " + account_->options.name + ": " + reason +
                                    " (answered success, kept in the quarantine)");
  Success();
  // A contact without citizen and text: intake refuses it and keeps it,
  // with the reason and the raw body, in the quarantine for an operator.
  unsigned char id[8];
  RAND_bytes(id, sizeof id);
  std::string suffix;
  for (unsigned char b : id) {
    suffix.push_back("0123456789abcdef"[b >> 4]);
    suffix.push_back("0123456789abcdef"[b & 0xf]);
  }
  boost::json::object contact{
      {"channel", plugin_->channel()},
      {"channel_message_id", account_->options.appid + ":rejected:" + suffix},
      {"received_at", plugin_->NowText()},
      {"extra", boost::json::object{{"rejected", reason},
                                    {"account", account_->options.name},
                                    {"raw_body", raw.substr(0, 65536)}}}};
  plugin_->gate().Submit(plugin_->host(), boost::json::serialize(contact),
                         [plugin = plugin_](const SubmitAnswer& answer) {
                           if (answer.status != REXIAN_INVALID) {
                             plugin->Log(REXIAN_LOG_ERROR,
                                         "a rejected callback could not be quarantined: " +
                                             answer.error_json);
                           }
                         });
}

void Callback::Handle(const rexian_http_request& request) {
  const AccountOptions& options = account_->options;
  if (request.body_len > static_cast<std::size_t>(plugin_->options().body_limit_bytes)) {
    Answer(413, kTextPlain, "body too large");
    return;
  }
  const CallbackQuery q = ParseCallbackQuery(request.query != nullptr ? request.query : "");
  if (q.signature.empty() || q.timestamp.empty() || q.nonce.empty()) {
    Refuse("signature, timestamp or nonce missing");
    return;
  }
  if (!SignatureMatches(q.signature, Sign({options.token, q.timestamp, q.nonce}))) {
    Refuse("signature does not match");
    return;
  }
  if (std::string_view(request.method) == "GET") {
    plugin_->Count("verifications");
    Answer(200, kTextPlain, q.echostr);
    return;
  }
  const std::string body(request.body, request.body_len);
  auto outer = ParseWechatXml(body);
  if (!outer.ok()) {
    Quarantine("malformed", outer.error(), body);
    return;
  }
  const bool has_encrypt = outer->Has("Encrypt");
  encrypted_ = options.mode == SecurityMode::kSafe ||
               (options.mode == SecurityMode::kCompatible && has_encrypt && q.encrypt_type == "aes");
  if (!encrypted_) {
    Message(*outer);
    return;
  }
  const std::string& encrypt = outer->Get("Encrypt");
  if (!has_encrypt || !account_->cipher) {
    Quarantine("malformed", "safe mode, but the body has no Encrypt element", body);
    return;
  }
  if (!SignatureMatches(q.msg_signature, Sign({options.token, q.timestamp, q.nonce, encrypt}))) {
    Refuse("msg_signature does not match");
    return;
  }
  auto decrypted = account_->cipher->Decrypt(encrypt);
  if (!decrypted.ok()) {
    Quarantine("undecryptable", "undecryptable body: " + decrypted.error(), body);
    return;
  }
  if (decrypted->appid != options.appid) {
    Quarantine("wrong_appid", "the message was encrypted for another appid", decrypted->xml);
    return;
  }
  auto inner = ParseWechatXml(decrypted->xml);
  if (!inner.ok()) {
    Quarantine("malformed", "decrypted message: " + inner.error(), decrypted->xml);
    return;
  }
  Message(*inner);
}

std::string Callback::ReplyBody(const std::string& to, const std::string& from,
                                const std::string& text) const {
  const std::string xml = RenderTextReply(to, from, UnixNow(), text);
  if (!encrypted_) return xml;
  const std::string encrypt = account_->cipher->Encrypt(xml, account_->options.appid);
  const std::string timestamp = std::to_string(UnixNow());
  const std::string nonce = RandomNonce();
  return RenderEncryptedReply(encrypt, Sign({account_->options.token, timestamp, nonce, encrypt}),
                              timestamp, nonce);
}

std::string CurrentTicketText(WechatPlugin* plugin, const std::string& number) {
  std::string json;
  plugin->api()->get_ticket(
      plugin->host(), number.c_str(),
      [](void* user_data, const char* text, size_t len) {
        static_cast<std::string*>(user_data)->assign(text, len);
      },
      &json);
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  std::string status;
  if (!ec && v.is_object()) {
    if (auto* s = v.as_object().if_contains("status"); s != nullptr && s->is_string()) {
      status = std::string(s->as_string());
    }
  }
  return "您最近的工单 " + number + (status.empty() ? "" : "，当前状态：" + status) + "。";
}

void Callback::Message(const XmlFields& message) {
  MessageContext context;
  context.channel = plugin_->channel();
  context.appid = account_->options.appid;
  context.received_at = plugin_->NowText();
  const std::string citizen = account_->options.appid + ":" + message.Get("FromUserName");
  context.current_ticket = plugin_->memory().CurrentTicket(
      citizen, Clock::now(), std::chrono::minutes(plugin_->options().follow_up_window_minutes));
  context.last_location = plugin_->memory().LastLocation(citizen);
  MessagePlan plan = PlanMessage(message, context);
  plugin_->Count(plan.counter);
  if (plan.remember_location) plugin_->memory().RememberLocation(citizen, *plan.remember_location);
  switch (plan.handling) {
    case Handling::kAcknowledge:
      Success();
      return;
    case Handling::kWelcome:
      Answer(200, kTextXml, ReplyBody(plan.openid, plan.account_id, plugin_->options().welcome_text));
      return;
    case Handling::kMenu: {
      auto ticket = plugin_->memory().CurrentTicket(citizen, Clock::now(), std::chrono::hours(24 * 365));
      const std::string text = ticket ? CurrentTicketText(plugin_, *ticket) : plugin_->options().menu_text;
      Answer(200, kTextXml, ReplyBody(plan.openid, plan.account_id, text));
      return;
    }
    case Handling::kSubmit:
      SubmitWithDeadline(plan);
      return;
  }
}

// The text that tells the citizen the outcome; the same for every retry.
std::string OutcomeText(const SubmitAnswer& answer) {
  if (answer.status != REXIAN_OK) {
    return "抱歉，您的消息未能自动受理，已转人工核查，我们会尽快与您联系。";
  }
  if (answer.attached) return "已将您的补充内容加入工单 " + answer.ticket_number + "。";
  return "您的诉求已受理，工单号 " + answer.ticket_number + "。我们会尽快办理并回复您。";
}

void Callback::SubmitWithDeadline(const MessagePlan& plan) {
  WechatPlugin* plugin = plugin_;
  const Account* account = account_;
  // The first of the intake's answer and the budget's end answers the exchange.
  auto answered = std::make_shared<std::atomic<bool>>(false);
  rexian_http_exchange* exchange = exchange_;
  plugin->memory().MarkTold(plan.channel_message_id);
  const auto budget = std::chrono::milliseconds(plugin->options().reply_budget_ms);
  if (budget.count() == 0) {
    answered->store(true);
    Success();
  } else {
    plugin->deadlines().Post(WorkThread::Clock::now() + budget, [plugin, answered, exchange] {
      if (answered->exchange(true)) return;
      plugin->Count("late_replies");
      plugin->gate().Respond(exchange, 200, kTextPlain, "success");
    });
  }
  // The reply is rendered now, while this callback's encryption state is at
  // hand; only its text waits for intake.
  auto self = std::make_shared<Callback>(*this);
  const std::string citizen = account->options.appid + ":" + plan.openid;
  plugin->gate().Submit(plugin->host(), plan.contact_json,
                        [self, plugin, account, answered, exchange, plan, citizen](const SubmitAnswer& answer) {
    if (answer.status == REXIAN_OK) {
      plugin->memory().RememberTicket(citizen, answer.ticket_number, Clock::now());
    } else if (answer.status == REXIAN_INVALID) {
      plugin->Count("quarantined");
    } else {
      plugin->Log(REXIAN_LOG_ERROR, "intake did not take message " + plan.channel_message_id +
                                        ": " + answer.error_json);
      if (!answered->exchange(true)) {
        // WeChat retries a 5xx; a message accepted later is not lost.
        plugin->gate().Respond(exchange, 503, kTextPlain, "intake unavailable");
      }
      return;
    }
    const std::string text = OutcomeText(answer);
    if (!answered->exchange(true)) {
      plugin->gate().Respond(exchange, 200, kTextXml, self->ReplyBody(plan.openid, plan.account_id, text));
    } else {
      plugin->SendLater(*account, plan.openid, text);
    }
  });
}

void HandleCallback(void* user_data, const rexian_http_request* request,
                    rexian_http_exchange* exchange) {
  const auto* account = static_cast<const Account*>(user_data);
  try {
    Callback(account->plugin, account, exchange).Handle(*request);
  } catch (const std::exception& e) {
    account->plugin->Log(REXIAN_LOG_ERROR, std::string("callback failed: ") + e.what());
    account->plugin->gate().Respond(exchange, 500, kTextPlain, "internal error");
  }
}

}  // namespace

Expected<Done> RegisterCallbackRoutes(WechatPlugin* plugin, const Account* account) {
  for (const char* method : {"GET", "POST"}) {
    if (plugin->api()->register_route(plugin->host(), method, account->options.path.c_str(),
                                      &HandleCallback,
                                      const_cast<Account*>(account)) != REXIAN_OK) {
      return Failure{"accounts: cannot register " + std::string(method) + " " +
                     account->options.path};
    }
  }
  return Done{};
}

}  // namespace rexian::wechat
