// CustomerServiceClient: text messages to a citizen through one official
// account's customer-service message API (客服消息), with its access token.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "wechat/wechat_options.h"

namespace rexian::wechat {

// How a send ended.
enum class SendResult {
  kSent,
  kRetryLater,  // network failure, WeChat busy (-1), token trouble: worth another try
  kNever,       // the citizen cannot be reached this way (45015: no interaction for 48 h, ...)
};

struct SendOutcome {
  SendResult result = SendResult::kNever;
  std::string reason;  // not kSent: what went wrong, for the log
};

// One account's client. The access token (GET
// {api_base_url}/cgi-bin/token?grant_type=client_credential&appid=&secret=)
// is cached until five minutes before its expires_in, and fetched again when
// a call answers errcode 40001 (invalid), 40014 (not a token) or 42001
// (expired). Blocking; thread-safe.
class CustomerServiceClient {
 public:
  CustomerServiceClient(AccountOptions account, std::chrono::milliseconds timeout);

  // POST {api_base_url}/cgi-bin/message/custom/send?access_token=... with
  // {"touser": openid, "msgtype": "text", "text": {"content": text}}.
  SendOutcome SendText(const std::string& openid, const std::string& text);

  bool enabled() const { return !account_.appsecret.empty(); }

 private:
  // The cached token, or a fresh one when `refresh` or expired.
  SendOutcome AccessToken(bool refresh, std::string* token);

  AccountOptions account_;
  std::chrono::milliseconds timeout_;
  std::mutex mutex_;  // guards the token; held while fetching it, so one fetch at a time
  std::string token_;
  std::chrono::steady_clock::time_point expires_at_{};
};

}  // namespace rexian::wechat
