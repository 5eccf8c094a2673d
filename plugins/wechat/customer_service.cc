// CustomerServiceClient: the token endpoint and message/custom/send.
#include "wechat/customer_service.h"

#include <boost/json.hpp>

#include "wechat/http_transport.h"

namespace rexian::wechat {
namespace {

namespace json = boost::json;

// The answer's errcode (0 when absent) and the object, or a reason.
struct ApiAnswer {
  std::int64_t errcode = 0;
  std::string errmsg;
  json::object body;
};

Expected<ApiAnswer> ReadAnswer(const Expected<HttpReply>& reply) {
  if (!reply.ok()) return Failure{reply.error()};
  if (reply->status != 200) return Failure{"HTTP status " + std::to_string(reply->status)};
  boost::system::error_code ec;
  json::value v = json::parse(reply->body, ec);
  if (ec || !v.is_object()) return Failure{"the answer is not a JSON object"};
  ApiAnswer answer;
  answer.body = v.as_object();
  if (auto* code = answer.body.if_contains("errcode"); code != nullptr && code->is_number()) {
    answer.errcode = code->to_number<std::int64_t>();
  }
  if (auto* msg = answer.body.if_contains("errmsg"); msg != nullptr && msg->is_string()) {
    answer.errmsg = std::string(msg->as_string());
  }
  return answer;
}

bool IsTokenError(std::int64_t errcode) {
  return errcode == 40001 || errcode == 40014 || errcode == 42001;
}

}  // namespace

CustomerServiceClient::CustomerServiceClient(AccountOptions account,
                                             std::chrono::milliseconds timeout)
    : account_(std::move(account)), timeout_(timeout) {}

SendOutcome CustomerServiceClient::AccessToken(bool refresh, std::string* token) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (!refresh && !token_.empty() && now < expires_at_) {
    *token = token_;
    return {SendResult::kSent, ""};
  }
  const std::string url = account_.api_base_url +
                          "/cgi-bin/token?grant_type=client_credential&appid=" +
                          QueryEscape(account_.appid) + "&secret=" + QueryEscape(account_.appsecret);
  auto answer = ReadAnswer(HttpGet(url, timeout_));
  if (!answer.ok()) return {SendResult::kRetryLater, "access token: " + answer.error()};
  auto* value = answer->body.if_contains("access_token");
  if (answer->errcode != 0 || value == nullptr || !value->is_string()) {
    return {SendResult::kRetryLater, "access token: errcode " + std::to_string(answer->errcode) +
                                         " " + answer->errmsg};
  }
  std::int64_t expires_in = 7200;
  if (auto* e = answer->body.if_contains("expires_in"); e != nullptr && e->is_number()) {
    expires_in = e->to_number<std::int64_t>();
  }
  // Renew five minutes early, or at half-life for a short-lived token.
  const std::int64_t keep = expires_in > 600 ? expires_in - 300 : expires_in / 2;
  token_ = std::string(value->as_string());
  expires_at_ = now + std::chrono::seconds(keep);
  *token = token_;
  return {SendResult::kSent, ""};
}

SendOutcome CustomerServiceClient::SendText(const std::string& openid, const std::string& text) {
  if (!enabled()) return {SendResult::kNever, "account " + account_.name + " has no appsecret"};
  const std::string body = json::serialize(json::object{
      {"touser", openid}, {"msgtype", "text"}, {"text", json::object{{"content", text}}}});
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::string token;
    SendOutcome got = AccessToken(attempt > 0, &token);
    if (got.result != SendResult::kSent) return got;
    const std::string url =
        account_.api_base_url + "/cgi-bin/message/custom/send?access_token=" + QueryEscape(token);
    auto answer = ReadAnswer(HttpPostJson(url, body, timeout_));
    if (!answer.ok()) return {SendResult::kRetryLater, "customer-service message: " + answer.error()};
    if (answer->errcode == 0) return {SendResult::kSent, ""};
    const std::string reason = "customer-service message: errcode " +
                               std::to_string(answer->errcode) + " " + answer->errmsg;
    if (IsTokenError(answer->errcode)) continue;  // fetch a new token and try once more
    if (answer->errcode == -1 || answer->errcode == 45047) return {SendResult::kRetryLater, reason};
    return {SendResult::kNever, reason};
  }
  return {SendResult::kRetryLater, "customer-service message: the access token was refused twice"};
}

}  // namespace rexian::wechat
