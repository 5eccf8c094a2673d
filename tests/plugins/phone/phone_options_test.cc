// PhoneOptions: defaults from the table, refusals naming the option, and the
// documentation listing every option with its default.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "phone/call_summary.h"
#include "phone/phone_options.h"

namespace rexian::phone {
namespace {

TEST_CASE("every option has its documented default", "[plugins][phone]") {
  std::string error;
  auto o = ParsePhoneOptions("{}", &error);
  INFO(error);
  REQUIRE(o);
  CHECK(o->ami_host == "127.0.0.1");
  CHECK(o->ami_port == 5038);
  CHECK(o->reconnect_initial_ms == 500);
  CHECK(o->route_prefix == "/phone");
  CHECK(o->api_key_sha256.empty());
  CHECK(o->survey_ratings == std::map<char, std::string>{
                                 {'1', "satisfied"}, {'2', "basically_satisfied"}, {'3', "dissatisfied"}});
  CHECK(o->context_set.empty());
}

TEST_CASE("options given as YAML scalars are read, bad ones are refused by name",
          "[plugins][phone]") {
  std::string error;
  auto o = ParsePhoneOptions(R"({"ami_port": "5039", "contexts": "from-trunk, from-pstn",
      "survey_keys": "9=dissatisfied,1=satisfied", "api_key_sha256": [")" +
                                 std::string(64, 'a') + R"("]})",
                             &error);
  INFO(error);
  REQUIRE(o);
  CHECK(o->ami_port == 5039);
  CHECK(o->context_set == std::set<std::string>{"from-trunk", "from-pstn"});
  CHECK(o->survey_ratings.at('9') == "dissatisfied");
  const std::pair<const char*, const char*> refused[] = {
      {R"({"ami_prot": 1})", "ami_prot: unknown option"},
      {R"({"ami_port": 70000})", "ami_port: expected an integer in [1, 65535]"},
      {R"({"ami_port": "50x"})", "ami_port: expected an integer"},
      {R"({"survey_keys": "1=happy"})", "survey_keys: expected key=rating pairs"},
      {R"({"survey_keys": "1=satisfied,1=dissatisfied"})", "survey_keys: key 1 is given twice"},
      {R"({"api_key_sha256": ["abc"]})", "api_key_sha256[0]: expected 64 lower-case hex digits"},
      {R"({"route_prefix": "/phone/"})", "route_prefix: expected a path"},
      {R"({"reconnect_initial_ms": 5000, "reconnect_max_ms": 1000})",
       "reconnect_max_ms: must not be below reconnect_initial_ms"},
      {R"([1])", "configuration: expected an object"},
  };
  for (const auto& [config, message] : refused) {
    INFO(config);
    CHECK_FALSE(ParsePhoneOptions(config, &error));
    CHECK_THAT(error, Catch::StartsWith(message));
  }
}

TEST_CASE("docs/plugins/phone.md documents every option with its default", "[plugins][phone]") {
  std::ifstream file(std::string(REXIAN_SOURCE_DIR) + "/docs/plugins/phone.md");
  std::stringstream text;
  text << file.rdbuf();
  const std::string doc = text.str();
  REQUIRE_FALSE(doc.empty());
  for (const OptionSpec& spec : PhoneOptionTable()) {
    INFO(spec.name);
    CHECK(doc.find("| `" + std::string(spec.name) + "` | " + OptionTypeName(spec.type) + " | `" +
                   spec.default_value + "` |") != std::string::npos);
  }
}

TEST_CASE("a summary becomes the call's contact", "[plugins][phone]") {
  std::string error;
  auto summary = ParseCallSummary(
      R"({"text": "小区路灯不亮", "agent": "1001", "answered_on_the_spot": false,
          "classification": {"type": "help"}, "urgency": "normal"})",
      &error);
  INFO(error);
  REQUIRE(summary);
  CallFacts call;
  call.id = "1741224600.1";
  call.caller = "13800138000";
  call.ring_at = 1741224600;
  call.agent = "agent-1001";
  call.recording = "/r/1.wav";
  const std::string contact = SummaryContact("phone", call.id, *summary, call, 0, 480);
  CHECK(contact.find(R"("channel_message_id":"1741224600.1")") != std::string::npos);
  CHECK(contact.find(R"("citizen":{"id":"13800138000","phone":"13800138000"})") !=
        std::string::npos);
  CHECK(contact.find(R"("received_at":"2025-03-06T09:30:00.000+08:00")") != std::string::npos);
  CHECK(contact.find(R"("recording":"/r/1.wav")") != std::string::npos);
  CHECK(contact.find(R"("classification":{"type":"help"})") != std::string::npos);
  // An unknown call of an anonymous caller still gets a citizen id.
  const std::string anonymous = SummaryContact("phone", "9.9", *summary, std::nullopt, 1741224600, 0);
  CHECK(anonymous.find(R"("id":"anonymous-call:9.9")") != std::string::npos);
  for (const char* bad : {R"({"answered_on_the_spot": true})", R"({"text": "x", "mood": 1})",
                          R"({"text": "x", "caller_number": "abc"})", "[]"}) {
    INFO(bad);
    CHECK_FALSE(ParseCallSummary(bad, &error));
    CHECK_FALSE(error.empty());
  }
}

}  // namespace
}  // namespace rexian::phone
