// WebOptions: the option table, its defaults, validation, and its documentation.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "web/api_keys.h"
#include "web/web_options.h"

namespace rexian::web {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST_CASE("an empty configuration gives the table's defaults", "[plugins][web][options]") {
  for (const char* empty : {"{}", "", "null"}) {
    auto options = ParseWebOptions(empty);
    REQUIRE(options.ok());
    CHECK(options->form_enabled);
    CHECK(options->form_path == "/web/requests");
    CHECK_FALSE(options->form_requires_api_key);
    CHECK(options->open311_enabled);
    CHECK(options->open311_prefix == "/open311/v2");
    CHECK(options->language == "zh");
    CHECK(options->jurisdiction_id.empty());
    CHECK(options->endpoint_type == "production");
    CHECK_FALSE(options->list_all_channels);
    CHECK(options->requests_limit == 1000);
    CHECK(options->body_limit_bytes == 65536);
    CHECK(options->ip_rate == 2);
    CHECK(options->ip_burst == 20);
    CHECK(options->key_rate == 50);
    CHECK(options->key_burst == 200);
    CHECK(options->max_tracked_clients == 100000);
    CHECK(options->api_keys.empty());
  }
}

TEST_CASE("values are read, also from YAML scalars that arrive as strings", "[plugins][web][options]") {
  auto options = ParseWebOptions(R"({
    "form": false, "open311_prefix": "/georeport/v2", "language": "en",
    "jurisdiction_id": "xz.gov.cn", "rate_per_ip": "0.5", "burst_per_ip": 3, "body_limit_bytes": "4096",
    "list_all_channels": "true",
    "api_keys": [{"client": "demo-app", "key_sha256": "2de13ae19a24d1c78bbfb9108ada0c460dd7223d2b2ed043e3b800d1a3ee7107",
                  "rate": "5", "burst": 10}]})");
  REQUIRE(options.ok());
  CHECK_FALSE(options->form_enabled);
  CHECK(options->open311_prefix == "/georeport/v2");
  CHECK(options->language == "en");
  CHECK(options->ip_rate == 0.5);
  CHECK(options->ip_burst == 3);
  CHECK(options->body_limit_bytes == 4096);
  CHECK(options->list_all_channels);
  REQUIRE(options->api_keys.size() == 1);
  CHECK(options->api_keys[0].client == "demo-app");
  CHECK(options->api_keys[0].rate == 5);
  CHECK(options->api_keys[0].burst == 10);
}

TEST_CASE("every mistake is named by its option", "[plugins][web][options]") {
  struct Case {
    const char* config;
    const char* message;
  };
  const std::string hash(64, 'a');
  const Case cases[] = {
      {R"({"colour": "red"})", "colour: unknown option (see docs/plugins/web.md)"},
      {R"({"language": "fr"})", "language: expected one of zh|en"},
      {R"({"endpoint_type": "staging"})", "endpoint_type: expected one of production|test"},
      {R"({"form": "yes"})", "form: expected true or false"},
      {R"({"requests_limit": 5000})", "requests_limit: expected an integer in [1, 1000]"},
      {R"({"requests_limit": 2.5})", "requests_limit: expected an integer in [1, 1000]"},
      {R"({"rate_per_ip": 0})", "rate_per_ip: expected a number in [0.01, 100000]"},
      {R"({"rate_per_key": "fast"})", "rate_per_key: expected a number in [0.01, 100000]"},
      {R"({"body_limit_bytes": 10})", "body_limit_bytes: expected an integer in [1024, 1048576]"},
      {R"({"channel": "web"})", "channel: unknown option (see docs/plugins/web.md)"},
      {R"({"form": false, "open311": false})", "form, open311: at least one endpoint must be enabled"},
      {R"({"form_path": "web/requests"})",
       "form_path: expected an absolute path without a trailing '/', e.g. /open311/v2"},
      {R"({"open311_prefix": "/open311/v2/"})",
       "open311_prefix: expected an absolute path without a trailing '/', e.g. /open311/v2"},
      {R"({"open311_prefix": "/v1/open311"})",
       "open311_prefix: '/v1/open311' is under /v1, which rexian itself serves"},
      {R"({"form_path": "/a/{x}"})", "form_path: '/a/{x}' has an empty, dot or reserved segment"},
      {R"({"form_path": "/open311/v2/form"})", "form_path: '/open311/v2/form' lies under open311_prefix"},
      {R"({"form_requires_api_key": true})", "form_requires_api_key: true, but api_keys is empty"},
      {R"({"api_keys": {}})", "api_keys: expected a list of {client, key_sha256}"},
      {R"({"api_keys": [{"client": "a"}]})", "api_keys[0].key_sha256: required"},
      {R"({"api_keys": [{"key_sha256": "x"}]})",
       "api_keys[0].key_sha256: expected 64 lower-case hex digits (the SHA-256 of the key)"},
      {R"({"api_keys": [{"client": "Bad Name"}]})",
       "api_keys[0].client: expected a name matching [a-z0-9][a-z0-9_.-]{0,63}"},
      {R"({"api_keys": [{"client": "a", "key": "secret"}]})",
       "api_keys[0].key: unknown member (expected client, key_sha256, rate, burst)"},
      {R"({"api_keys": [{"client": "a", "key_sha256": "x", "rate": -1}]})",
       "api_keys[0].key_sha256: expected 64 lower-case hex digits (the SHA-256 of the key)"},
      {"[1]", "configuration: expected an object of options"},
      {"{", nullptr},
  };
  for (const Case& c : cases) {
    INFO(c.config);
    auto options = ParseWebOptions(c.config);
    REQUIRE_FALSE(options.ok());
    if (c.message != nullptr) CHECK(options.error() == c.message);
  }
  std::string twice = R"({"api_keys": [{"client": "a", "key_sha256": ")" + hash +
                      R"("}, {"client": "a", "key_sha256": ")" + std::string(64, 'b') + R"("}]})";
  CHECK(ParseWebOptions(twice).error() == "api_keys[1].client: 'a' is listed twice");
  std::string same_key = R"({"api_keys": [{"client": "a", "key_sha256": ")" + hash +
                         R"("}, {"client": "b", "key_sha256": ")" + hash + R"("}]})";
  CHECK(ParseWebOptions(same_key).error() == "api_keys[1].key_sha256: the same key is listed twice");
  std::string bad_rate = R"({"api_keys": [{"client": "a", "key_sha256": ")" + hash + R"(", "rate": 0}]})";
  CHECK(ParseWebOptions(bad_rate).error() == "api_keys[0].rate: expected a positive number");
}

TEST_CASE("docs/plugins/web.md documents every option with its type and default",
          "[plugins][web][options]") {
  const std::string doc = ReadFile(std::string(REXIAN_SOURCE_DIR) + "/docs/plugins/web.md");
  REQUIRE_FALSE(doc.empty());
  for (const OptionSpec& spec : WebOptionTable()) {
    std::string value = *spec.default_value != '\0' ? "`" + std::string(spec.default_value) + "`" : "(empty)";
    std::string row = "| `" + std::string(spec.name) + "` | " + OptionTypeName(spec.type) + " | " + value + " |";
    INFO(row);
    CHECK(doc.find(row) != std::string::npos);
  }
}

TEST_CASE("API keys are found by their SHA-256, never compared in plaintext", "[plugins][web][options]") {
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // The demo key shipped in docs/plugins/web.md and the README.
  const std::string demo_key = "rexian-demo-open311-7c1e4f9a2b";
  const std::string demo_hash = "2de13ae19a24d1c78bbfb9108ada0c460dd7223d2b2ed043e3b800d1a3ee7107";
  CHECK(Sha256Hex(demo_key) == demo_hash);
  const std::string doc = ReadFile(std::string(REXIAN_SOURCE_DIR) + "/docs/plugins/web.md");
  CHECK(doc.find(demo_key) != std::string::npos);
  CHECK(doc.find(demo_hash) != std::string::npos);

  ApiKeyRing ring({ApiClient{"demo-app", demo_hash, 0, 0}});
  REQUIRE(ring.Find(demo_key) != nullptr);
  CHECK(ring.Find(demo_key)->client == "demo-app");
  CHECK(ring.Find(demo_hash) == nullptr);  // the digest itself is not a key
  CHECK(ring.Find("") == nullptr);
  CHECK(ring.Find("rexian-demo-open311-7c1e4f9a2c") == nullptr);
}

}  // namespace
}  // namespace rexian::web
