// ParseWechatOptions: defaults, accounts, errors naming the option.
#include <catch2/catch.hpp>

#include "wechat/wechat_options.h"

namespace rexian::wechat {
namespace {

const std::string kAccount =
    R"({"name": "xz", "appid": "wx2c2769f8efd9abc2", "token": "spamtest",
        "encoding_aes_key": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"})";

std::string Error(const std::string& config) {
  auto parsed = ParseWechatOptions(config);
  REQUIRE_FALSE(parsed.ok());
  return parsed.error();
}

TEST_CASE("one account with defaults", "[plugins][wechat]") {
  auto options = ParseWechatOptions(R"({"accounts": [)" + kAccount + "]}");
  REQUIRE(options.ok());
  REQUIRE(options->accounts.size() == 1);
  const AccountOptions& a = options->accounts[0];
  CHECK(a.path == "/wechat/xz");
  CHECK(a.mode == SecurityMode::kSafe);
  CHECK(a.api_base_url == "https://api.weixin.qq.com");
  CHECK(a.appsecret.empty());
  CHECK(options->reply_budget_ms == 4000);
  CHECK(options->follow_up_window_minutes == 60);
  CHECK_FALSE(options->welcome_text.empty());
}

TEST_CASE("options given as YAML strings are read", "[plugins][wechat]") {
  auto options = ParseWechatOptions(
      R"({"reply_budget_ms": "0", "accounts": [{"name": "p", "appid": "wx1", "token": "t", "mode": "plaintext",
          "path": "/wx/p", "api_base_url": "http://127.0.0.1:9", "appsecret": "s"}]})");
  REQUIRE(options.ok());
  CHECK(options->reply_budget_ms == 0);
  CHECK(options->accounts[0].mode == SecurityMode::kPlaintext);
  CHECK(options->accounts[0].path == "/wx/p");
}

TEST_CASE("errors name the option", "[plugins][wechat]") {
  CHECK(Error("{}").find("accounts") == 0);
  CHECK(Error(R"({"accounts": []})").find("accounts") == 0);
  CHECK(Error(R"({"colour": 1, "accounts": [)" + kAccount + "]}").find("colour: unknown option") == 0);
  CHECK(Error(R"({"reply_budget_ms": 5000, "accounts": [)" + kAccount + "]}").find("reply_budget_ms") == 0);
  CHECK(Error(R"({"accounts": [{"name": "x", "appid": "wx1"}]})") == "accounts[0].token: required");
  CHECK(Error(R"({"accounts": [{"name": "x", "appid": "wx1", "token": "t"}]})")
            .find("accounts[0].encoding_aes_key") == 0);
  CHECK(Error(R"({"accounts": [{"name": "x", "appid": "wx1", "token": "t", "mode": "secret"}]})")
            .find("accounts[0].mode") == 0);
  CHECK(Error(R"({"accounts": [{"name": "x", "appid": "wx1", "token": "t", "mode": "plaintext", "path": "/v1/x"}]})")
            .find("accounts[0].path") == 0);
  CHECK(Error(R"({"accounts": [)" + kAccount + "," + kAccount + "]}").find("accounts[1].name") == 0);
  CHECK(Error(R"({"accounts": [{"name": "x", "appid": "wx1", "token": "t", "mode": "plaintext", "colour": 1}]})")
            .find("accounts[0].colour: unknown") == 0);
}

TEST_CASE("every option is documented in docs/plugins/wechat.md", "[plugins][wechat]") {
  std::string doc;
  {
    std::FILE* f = std::fopen(REXIAN_SOURCE_DIR "/docs/plugins/wechat.md", "r");
    REQUIRE(f != nullptr);
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) doc.append(buffer, n);
    std::fclose(f);
  }
  for (const auto* table : {&WechatOptionTable(), &AccountOptionTable()}) {
    for (const OptionSpec& spec : *table) {
      INFO(spec.name);
      CHECK(doc.find("| `" + std::string(spec.name) + "` | " + OptionTypeName(spec.type)) != std::string::npos);
    }
  }
}

}  // namespace
}  // namespace rexian::wechat
