// Building encrypted callbacks and contacts, and judging the answers.
#include "wechat_workload.h"

#include <chrono>
#include <ctime>
#include <optional>

#include "wechat/message_cipher.h"
#include "wechat/signature.h"
#include "wechat/wechat_xml.h"

namespace rexian::wechat_bench {
namespace {

// The demo integrator of the shipped configuration (docs/configuration.md).
constexpr const char* kIntegratorToken = "rxn_sVV1nOmY1LgsW23g-VxxYXpNIIYQiipXzb8qLpYUSCc";

// Typical citizens' messages (lengths from a few words to a paragraph).
constexpr const char* kTexts[] = {
    "和平路与解放路交叉口的路灯已经坏了一个星期，晚上非常黑，请尽快修理。",
    "小区楼下的烧烤摊每天营业到凌晨两点，油烟和噪音严重扰民，希望有关部门管一管。",
    "请问徐州市公积金提取需要准备哪些材料？可以在网上办理吗？",
    "我家门口的井盖丢失了，很危险，地址是云龙区民主南路88号附近。",
    "公交68路最近经常不按时发车，早高峰等了四十多分钟，影响上班。",
    "单位拖欠工资三个月，多次讨要无果，请问应该向哪个部门投诉？",
    "学校周边违章停车严重，消防通道被堵，孩子上下学很不安全。",
    "医保异地就医备案怎么办理？在外地住院能直接结算吗？",
};

std::string OpenIdOf(std::uint64_t i) { return "oBench" + std::to_string(100000000000ull + i); }

std::string NowRfc3339() {
  const std::time_t t = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

const wechat::MessageCipher& Cipher() {
  static const wechat::MessageCipher cipher = *wechat::MessageCipher::Create(kEncodingAesKey);
  return cipher;
}

std::string Clip(std::string_view body) { return std::string(body.substr(0, 300)); }

class OneRequestJob : public bench::LoadJob {
 public:
  OneRequestJob(Scenario scenario, bench::LoadRequest request)
      : scenario_(scenario), request_(std::move(request)) {}

  std::optional<bench::LoadRequest> Next() override {
    if (sent_) return std::nullopt;
    sent_ = true;
    return std::move(request_);
  }

  bench::AnswerCheck Check(int status, std::string_view body) override {
    if (scenario_ == Scenario::kContacts) {
      if (status == 201 && body.find("\"duplicate\":false") != std::string_view::npos &&
          body.find("\"attached\":false") != std::string_view::npos) {
        return {};
      }
      return {bench::Verdict::kRefused, "HTTP " + std::to_string(status) + ": " + Clip(body)};
    }
    if (status != 200) {
      return {bench::Verdict::kRefused, "HTTP " + std::to_string(status) + ": " + Clip(body)};
    }
    auto envelope = wechat::ParseWechatXml(body);
    if (!envelope.ok() || !envelope->Has("Encrypt")) {
      // "success": intake missed the budget; a refusal, not a benchmark bug.
      return {bench::Verdict::kRefused, "not an encrypted reply: " + Clip(body)};
    }
    const std::string& encrypt = envelope->Get("Encrypt");
    if (!wechat::SignatureMatches(
            envelope->Get("MsgSignature"),
            wechat::Sign({kToken, envelope->Get("TimeStamp"), envelope->Get("Nonce"), encrypt}))) {
      return {bench::Verdict::kFatal, "reply MsgSignature does not verify"};
    }
    auto reply = Cipher().Decrypt(encrypt);
    if (!reply.ok() || reply->appid != kAppId) return {bench::Verdict::kFatal, "reply does not decrypt"};
    auto fields = wechat::ParseWechatXml(reply->xml);
    if (!fields.ok() || fields->Get("Content").find("工单号") == std::string::npos) {
      return {bench::Verdict::kRefused, "reply without a new ticket: " + Clip(reply->xml)};
    }
    return {};
  }

 private:
  Scenario scenario_;
  bench::LoadRequest request_;
  bool sent_ = false;
};

class WechatWorkload : public bench::Workload {
 public:
  explicit WechatWorkload(Scenario scenario) : scenario_(scenario) {}

  std::vector<std::string> KindNames() const override {
    return {scenario_ == Scenario::kWechat ? "POST /wechat/bench (safe mode)" : "POST /v1/contacts"};
  }

  std::unique_ptr<bench::LoadJob> MakeJob(std::uint64_t i) const override {
    const std::string text = kTexts[i % std::size(kTexts)];
    const std::string openid = OpenIdOf(i);
    const std::string msg_id = std::to_string(7000000000000000000ull + i);
    bench::LoadRequest r;
    r.what = std::string(KindNames()[0]) + " #" + std::to_string(i);
    if (scenario_ == Scenario::kContacts) {
      const std::string body =
          "{\"channel\":\"wechat\",\"channel_message_id\":\"" + std::string(kAppId) + ":" + msg_id +
          "\",\"received_at\":\"" + NowRfc3339() + "\",\"citizen\":{\"id\":\"" + openid +
          "\",\"wechat_openid\":\"" + openid + "\"},\"text\":" + JsonString(text) + "}";
      r.bytes = bench::HttpRequestBytes("POST", "/v1/contacts",
                                        {{"Authorization", std::string("Bearer ") + kIntegratorToken},
                                         {"Content-Type", "application/json"}},
                                        body);
      return std::make_unique<OneRequestJob>(scenario_, std::move(r));
    }
    const std::string timestamp = std::to_string(std::time(nullptr));
    const std::string nonce = std::to_string(100000 + i % 900000);
    const std::string xml =
        "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[" + openid +
        "]]></FromUserName><CreateTime>" + timestamp +
        "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>" + wechat::CData(text) +
        "</Content><MsgId>" + msg_id + "</MsgId></xml>";
    const std::string encrypt = Cipher().Encrypt(xml, kAppId);
    const std::string query = std::string(kPath) + "?signature=" + wechat::Sign({kToken, timestamp, nonce}) +
                              "&timestamp=" + timestamp + "&nonce=" + nonce + "&openid=" + openid +
                              "&encrypt_type=aes&msg_signature=" +
                              wechat::Sign({kToken, timestamp, nonce, encrypt});
    const std::string body = "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[" +
                             encrypt + "]]></Encrypt></xml>";
    r.bytes = bench::HttpRequestBytes("POST", query, {{"Content-Type", "text/xml"}}, body);
    return std::make_unique<OneRequestJob>(scenario_, std::move(r));
  }

 private:
  Scenario scenario_;
};

}  // namespace

std::string_view ScenarioName(Scenario scenario) {
  return scenario == Scenario::kWechat ? "wechat" : "contacts";
}

std::unique_ptr<bench::Workload> MakeWorkload(Scenario scenario) {
  return std::make_unique<WechatWorkload>(scenario);
}

}  // namespace rexian::wechat_bench
