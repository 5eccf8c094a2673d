// A real `rexian serve` with the WeChat plugin loaded twice, talking to a
// FakeWechatApi on loopback, and a client that signs and encrypts callbacks
// as WeChat's servers do.
//   instance "wechat":     accounts xz (safe), plain (plaintext), compat (compatible)
//   instance "wechatlate": account late (safe), reply_budget_ms 0: every
//                          ticket number goes out as a customer-service message
#pragma once

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <thread>

#include "app/app_fixture.h"
#include "fake_wechat_api.h"
#include "official_vectors.h"
#include "server/http_client.h"
#include "wechat/message_cipher.h"
#include "wechat/signature.h"
#include "wechat/wechat_xml.h"

namespace rexian::wechat::testing {

using rexian::testing::HttpClient;
using rexian::testing::HttpClientError;
using rexian::testing::HttpClientResponse;
using rexian::testing::HttpHeaderList;
using rexian::testing::Subprocess;
using rexian::testing::TempDir;

inline const char* kOperatorToken = "rxn_BAucvDGcr7LdgCnB5SEPToTAwu6_AuwPO4ZL4s88lK8";
inline const char* kAgentToken = "rxn_ycGoqTmr04gLs7XeFOLm4AaNOWb9tvsnsCUT5v2DHro";

// One configured account as the test's "WeChat server" sees it.
struct TestAccount {
  std::string path, appid, token, key;
  bool encrypted;  // the callbacks carry Encrypt (safe, or compatible with encrypt_type=aes)
};

inline const TestAccount kSafe{"/wechat/xz", kPyAppId, kPyToken, kPyEncodingAesKey, true};
inline const TestAccount kPlain{"/wechat/plain", "wxplain000000001", "plaintoken", "", false};
inline const TestAccount kCompat{"/wechat/compat", "wxcompat00000001", "compattoken",
                                 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg", true};
inline const TestAccount kLate{"/wechat/late", "wxlate0000000001", "latetoken",
                               "0123456789abcdefghijABCDEFGHIJ0123456789abc", true};

class WechatServe {
 public:
  WechatServe() : port_(rexian::testing::FreeLoopbackPort()) {
    std::string config = rexian::testing::WriteTestConfig(dir_.path(), port_, dir_.sub("data"));
    const std::string lib = std::string(REXIAN_BINARY_DIR) + "/plugins/rexian_plugin_wechat.so";
    const std::string api = api_.base_url();
    std::ofstream(config, std::ios::app)
        << "plugins:\n"
        << "  - name: wechat\n    kind: shared\n    required: true\n    path: " << lib << "\n"
        << "    config:\n      accounts:\n"
        << "        - {name: xz, appid: " << kSafe.appid << ", token: " << kSafe.token
        << ", encoding_aes_key: " << kSafe.key << ", mode: safe, api_base_url: \"" << api
        << "\", appsecret: s1}\n"
        << "        - {name: plain, appid: " << kPlain.appid << ", token: " << kPlain.token
        << ", mode: plaintext, api_base_url: \"" << api << "\", appsecret: s2}\n"
        << "        - {name: compat, appid: " << kCompat.appid << ", token: " << kCompat.token
        << ", encoding_aes_key: " << kCompat.key << ", mode: compatible, api_base_url: \"" << api
        << "\", appsecret: s3}\n"
        << "  - name: wechatlate\n    kind: shared\n    path: " << lib << "\n"
        << "    config:\n      reply_budget_ms: 0\n      accounts:\n"
        << "        - {name: late, appid: " << kLate.appid << ", token: " << kLate.token
        << ", encoding_aes_key: " << kLate.key << ", mode: safe, api_base_url: \"" << api
        << "\", appsecret: s4}\n";
    server_ = std::make_unique<Subprocess>(
        std::vector<std::string>{rexian::testing::RexianBinary(), "serve", "--config", config},
        dir_.path());
    const bool serving = WaitUntilServing();
    INFO("rexian serve stderr:\n" << server_->err());
    REQUIRE(serving);
  }
  ~WechatServe() {
    if (server_->running()) {
      server_->Signal(SIGTERM);
      server_->Wait(std::chrono::seconds(20));
    }
  }

  // The query WeChat adds to a callback: signature over (token, timestamp,
  // nonce); with `encrypt`, also encrypt_type=aes and msg_signature.
  static std::string Query(const TestAccount& a, const std::string& encrypt = "",
                           const std::string& timestamp = "1732700000",
                           const std::string& nonce = "846958211") {
    std::string q = "signature=" + Sign({a.token, timestamp, nonce}) + "&timestamp=" + timestamp +
                    "&nonce=" + nonce + "&openid=oTest";
    if (!encrypt.empty()) {
      q += "&encrypt_type=aes&msg_signature=" + Sign({a.token, timestamp, nonce, encrypt});
    }
    return q;
  }

  // POSTs `xml` to `a` as WeChat would (encrypted for encrypted accounts)
  // and returns the answer with an encrypted reply already opened: the
  // body is then the inner reply XML. FAILs on a wrong MsgSignature.
  HttpClientResponse Send(const TestAccount& a, const std::string& xml) {
    if (!a.encrypted) return Post(a.path + "?" + Query(a), xml);
    auto cipher = MessageCipher::Create(a.key);
    REQUIRE(cipher.ok());
    const std::string encrypt = cipher->Encrypt(xml, a.appid);
    const std::string envelope = "<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[" +
                                 encrypt + "]]></Encrypt></xml>";
    HttpClientResponse r = Post(a.path + "?" + Query(a, encrypt), envelope);
    if (r.status != 200 || r.body == "success") return r;
    auto fields = ParseWechatXml(r.body);
    INFO(r.body);
    REQUIRE(fields.ok());
    const std::string& reply_encrypt = fields->Get("Encrypt");
    CHECK(SignatureMatches(fields->Get("MsgSignature"),
                           Sign({a.token, fields->Get("TimeStamp"), fields->Get("Nonce"), reply_encrypt})));
    auto inner = cipher->Decrypt(reply_encrypt);
    REQUIRE(inner.ok());
    CHECK(inner->appid == a.appid);
    r.body = inner->xml;
    return r;
  }

  HttpClientResponse Post(const std::string& target, const std::string& body) {
    return client_.Request("POST", target, body, {{"Content-Type", "text/xml"}});
  }
  HttpClientResponse Get(const std::string& target, const std::string& token = "") {
    HttpHeaderList headers;
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    return client_.Request("GET", target, {}, headers);
  }
  HttpClientResponse PostJson(const std::string& target, const std::string& body, const std::string& token) {
    return client_.Request("POST", target, body,
                           {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
  }

  // The value of one Prometheus series on /metrics (0 when absent).
  double Metric(const std::string& series) {
    const std::string text = Get("/metrics").body;
    std::size_t at = text.find("\n" + series + " ");
    if (at == std::string::npos) return 0;
    return std::stod(text.substr(at + series.size() + 2));
  }

  FakeWechatApi& api() { return api_; }
  Subprocess& server() { return *server_; }

 private:
  bool WaitUntilServing() {
    for (int i = 0; i < 400 && server_->running(); ++i) {
      try {
        HttpClient probe("127.0.0.1", static_cast<std::uint16_t>(port_), std::chrono::seconds(2));
        if (probe.Request("GET", "/readyz").status == 200 &&
            server_->err().find("listening on http://") != std::string::npos) {
          return true;
        }
      } catch (const HttpClientError&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  FakeWechatApi api_;
  TempDir dir_;
  int port_;
  std::unique_ptr<Subprocess> server_;
  HttpClient client_{"127.0.0.1", static_cast<std::uint16_t>(port_)};
};

// A message from `openid` to the account, as WeChat's XML.
inline std::string MessageXml(const std::string& openid, const std::string& type, const std::string& body,
                              const std::string& msg_id, long long create_time = 1732700000) {
  return "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[" + openid +
         "]]></FromUserName><CreateTime>" + std::to_string(create_time) + "</CreateTime><MsgType><![CDATA[" +
         type + "]]></MsgType>" + body + (msg_id.empty() ? "" : "<MsgId>" + msg_id + "</MsgId>") + "</xml>";
}

}  // namespace rexian::wechat::testing
