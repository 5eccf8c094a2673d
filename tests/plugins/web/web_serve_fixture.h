// A real `rexian serve` with the web plugin loaded three times: the JSON form
// (channel web), Open311 (channel open311) and a form with a tiny per-address
// limit (channel webtest), for the end-to-end tests.
#pragma once

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <pugixml.hpp>
#include <thread>

#include "app/app_fixture.h"
#include "server/http_client.h"

namespace rexian::web::testing {

using rexian::testing::HttpClient;
using rexian::testing::HttpClientError;
using rexian::testing::HttpClientResponse;
using rexian::testing::HttpHeaderList;
using rexian::testing::Subprocess;
using rexian::testing::TempDir;

inline const char* kDemoKey = "rexian-demo-open311-7c1e4f9a2b";
inline const char* kDemoKeyHash = "2de13ae19a24d1c78bbfb9108ada0c460dd7223d2b2ed043e3b800d1a3ee7107";
// A second client whose bucket holds two requests and refills in 100 s.
inline const char* kSlowKey = "slow-client-key-0001";
inline const char* kSlowKeyHash = "3dc252b13e9f2f2b21ed840f5b0641bfbdec2be29a5f6e81e819a529f67aa95e";
inline const char* kJurisdiction = "xz.gov.cn";
// Demo users of config/users.yaml (README): an operator reads /v1/tickets,
// the agent dispatches, the department (3203-019, the city's culture and
// tourism bureau) acknowledges and resolves.
inline const char* kOperatorToken = "rxn_BAucvDGcr7LdgCnB5SEPToTAwu6_AuwPO4ZL4s88lK8";
inline const char* kAgentToken = "rxn_ycGoqTmr04gLs7XeFOLm4AaNOWb9tvsnsCUT5v2DHro";
inline const char* kDepartmentToken = "rxn_jprMoJDiL9zt-GsXrtqXmMgcOV9VkVr4CMOOeMB-f3c";
inline const char* kDepartmentCode = "3203-019";
inline const char* kDepartmentName = "徐州市文化广电和旅游局";

inline std::string PluginLibrary() { return std::string(REXIAN_BINARY_DIR) + "/plugins/rexian_plugin_web.so"; }

// The `plugins` section of the test configuration.
inline std::string PluginsSection() {
  const std::string lib = PluginLibrary();
  const std::string slow = std::string("{client: slow-site, key_sha256: ") + kSlowKeyHash;
  std::string s = "plugins:\n";
  s += "  - name: web\n    kind: shared\n    required: true\n    path: " + lib +
       "\n    config:\n      open311: false\n      rate_per_ip: 1000\n      burst_per_ip: 1000\n"
       "      api_keys:\n        - {client: city-site, key_sha256: " + std::string(kDemoKeyHash) +
       "}\n        - " + slow + ", rate: \"0.01\", burst: 2}\n";
  s += "  - name: open311\n    kind: shared\n    required: true\n    path: " + lib +
       "\n    config:\n      form: false\n      jurisdiction_id: " + kJurisdiction +
       "\n      public_url: https://12345.xz.gov.cn/open311/v2\n      discovery_contact: call 12345"
       "\n      discovery_key_service: ask the platform office\n      endpoint_type: test"
       "\n      body_limit_bytes: 2048\n      rate_per_ip: 1000\n      burst_per_ip: 1000\n"
       "      api_keys:\n        - {client: demo-app, key_sha256: " + std::string(kDemoKeyHash) +
       "}\n        - {client: slow-app, key_sha256: " + std::string(kSlowKeyHash) +
       ", rate: \"0.01\", burst: 2}\n";
  s += "  - name: webtest\n    kind: shared\n    path: " + lib +
       "\n    config:\n      open311: false\n      form_path: /web2/requests"
       "\n      rate_per_ip: \"0.01\"\n      burst_per_ip: 2\n";
  return s;
}

// Starts serve with the shipped Xuzhou configuration plus PluginsSection().
class WebServe {
 public:
  WebServe() : port_(rexian::testing::FreeLoopbackPort()) {
    std::string config = rexian::testing::WriteTestConfig(dir_.path(), port_, dir_.sub("data"));
    std::ofstream(config, std::ios::app) << PluginsSection();
    server_ = std::make_unique<Subprocess>(
        std::vector<std::string>{rexian::testing::RexianBinary(), "serve", "--config", config}, dir_.path());
    const bool serving = WaitUntilServing();
    INFO("rexian serve stderr:\n" << server_->err());
    REQUIRE(serving);
  }
  ~WebServe() {
    if (server_->running()) {
      server_->Signal(SIGTERM);
      server_->Wait(std::chrono::seconds(20));
    }
  }

  HttpClientResponse Get(const std::string& target, const HttpHeaderList& headers = {}) {
    return client_.Request("GET", target, {}, headers);
  }
  // POST with an application/x-www-form-urlencoded body.
  HttpClientResponse PostForm(const std::string& target, const std::string& body, HttpHeaderList headers = {}) {
    headers.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    return client_.Request("POST", target, body, headers);
  }
  HttpClientResponse PostJson(const std::string& target, const std::string& body, HttpHeaderList headers = {}) {
    headers.emplace_back("Content-Type", "application/json");
    return client_.Request("POST", target, body, headers);
  }

  // Polls GET `target` until it answers `status` (the view trails the log by
  // a few milliseconds); returns the last answer.
  HttpClientResponse GetUntil(const std::string& target, int status) {
    HttpClientResponse r;
    for (int i = 0; i < 200; ++i) {
      r = Get(target);
      if (r.status == status) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return r;
  }

  // Runs one /v1 ticket command as the holder of `token` on `*version`
  // (0: the version the view shows), after waiting until the view has
  // caught up with it (a department sees a ticket only once the view has its
  // dispatch). On success *version is the ticket's new version. Returns the
  // HTTP status.
  int TicketCommand(const std::string& token, const std::string& number, const std::string& action,
                    const std::string& body, std::int64_t* version) {
    const std::string target = "/v1/tickets/ticket-" + number;
    const HttpHeaderList operator_auth = {{"Authorization", "Bearer " + std::string(kOperatorToken)}};
    for (int i = 0; i < 200; ++i) {
      if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(25));
      auto ticket = Get(target, operator_auth);
      if (ticket.status != 200) continue;
      const std::int64_t seen = boost::json::parse(ticket.body).as_object().at("version").as_int64();
      if (*version == 0) *version = seen;
      if (seen >= *version) break;
    }
    HttpHeaderList headers = {{"Authorization", "Bearer " + token},
                              {"If-Match", "\"" + std::to_string(*version) + "\""},
                              {"Content-Type", "application/json"}};
    auto answer = client_.Request("POST", target + "/" + action, body, headers);
    if (answer.status == 200) *version = boost::json::parse(answer.body).as_object().at("version").as_int64();
    return answer.status;
  }

  Subprocess& server() { return *server_; }
  int port() const { return port_; }

 private:
  bool WaitUntilServing() {
    for (int i = 0; i < 400 && server_->running(); ++i) {
      try {
        HttpClient probe("127.0.0.1", static_cast<std::uint16_t>(port_), std::chrono::seconds(2));
        // The server answers before the plugins' routes exist; serve says
        // "listening" once everything, plugins included, has started.
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

  TempDir dir_;
  int port_;
  std::unique_ptr<Subprocess> server_;
  HttpClient client_{"127.0.0.1", static_cast<std::uint16_t>(port_)};
};

inline boost::json::value JsonOf(const HttpClientResponse& r) {
  INFO(r.body);
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.body, ec);
  REQUIRE_FALSE(ec);
  return v;
}

inline std::unique_ptr<pugi::xml_document> XmlOf(const HttpClientResponse& r) {
  auto doc = std::make_unique<pugi::xml_document>();
  INFO(r.body);
  REQUIRE(doc->load_string(r.body.c_str()));
  return doc;
}

// The descriptions of an Open311 error answer in JSON.
inline std::vector<std::string> JsonErrors(const HttpClientResponse& r) {
  std::vector<std::string> out;
  const boost::json::value errors = JsonOf(r);
  for (const auto& e : errors.as_array()) out.emplace_back(e.as_object().at("description").as_string());
  return out;
}

}  // namespace rexian::web::testing
