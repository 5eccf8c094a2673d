// Options, ids, contacts and live.* payloads: what the plugin writes is valid
// against rexian's own schemas.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <memory>

#include "livestream/live_options.h"
#include "livestream/live_records.h"
#include "rexian/schema_registry.h"

namespace rexian::live {
namespace {

const SchemaRegistry& Schemas() {
  static std::unique_ptr<SchemaRegistry> registry = [] {
    auto loaded = SchemaRegistry::Load(std::string(REXIAN_SOURCE_DIR) + "/schemas");
    REQUIRE(loaded.ok());
    return std::move(*loaded);
  }();
  return *registry;
}

void RequireValid(const std::string& type, const std::string& payload) {
  Status s = Schemas().ValidateEvent(type, 1, boost::json::parse(payload));
  INFO(type << ": " << payload << "\n" << s.ToString());
  REQUIRE(s.ok());
}

TEST_CASE("options: defaults, values as YAML gives them, and errors naming the option", "[plugins][livestream]") {
  auto defaults = ParseLiveOptions("{}");
  REQUIRE(defaults.ok());
  CHECK(defaults->route_prefix == "/live");
  CHECK(defaults->min_chars == 6);
  CHECK(defaults->heartbeat_seconds == 30);
  CHECK(defaults->desk_keys.empty());
  CHECK_FALSE(defaults->greetings.empty());
  auto set = ParseLiveOptions(R"({"min_chars": "4", "links_are_spam": "false", "feeds": [
      {"name": "bili-main", "kind": "bilibili", "url": "tcp://127.0.0.1:2243", "room_id": "22608112"},
      {"name": "wall", "kind": "json", "url": "ws://[::1]:9000/comments"}]})");
  REQUIRE(set.ok());
  CHECK(set->min_chars == 4);
  CHECK_FALSE(set->links_are_spam);
  REQUIRE(set->feeds.size() == 2);
  CHECK(set->feeds[0].room_id == 22608112);
  const std::vector<std::pair<std::string, std::string>> bad = {
      {R"({"colour": 1})", "colour: unknown option"},
      {R"({"min_chars": -1})", "min_chars: expected an integer in [0, 1000]"},
      {R"({"desk_keys": ["secret"]})", "desk_keys: expected 64 lower-case hex digits"},
      {R"({"feeds": [{"name": "a", "kind": "json", "url": "wss://x/y"}]})", "feeds[0].url: wss:// is not supported"},
      {R"({"feeds": [{"name": "a", "kind": "json", "url": "tcp://x:1"}]})", "feeds[0].url: tcp:// is only for kind bilibili"},
      {R"({"feeds": [{"name": "a", "kind": "bilibili", "url": "tcp://x:1"}]})", "feeds[0].room_id: required"},
      {R"({"feeds": [{"name": "a", "kind": "json", "url": "ws://x:1/"}, {"name": "a", "kind": "json", "url": "ws://y:1/"}]})", "feeds[1].name: 'a' is listed twice"},
      {R"({"route_prefix": "/v1/live"})", "route_prefix:"},
      {R"({"reconnect_min_ms": 5000, "reconnect_max_ms": 1000})", "reconnect_max_ms:"},
  };
  for (const auto& [config, message] : bad) {
    auto parsed = ParseLiveOptions(config);
    INFO(config);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().find(message) == 0);
  }
}

TEST_CASE("docs/plugins/livestream.md documents every option with its type and default",
          "[plugins][livestream]") {
  std::ifstream in(std::string(REXIAN_SOURCE_DIR) + "/docs/plugins/livestream.md");
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE_FALSE(doc.empty());
  for (const OptionSpec& spec : LiveOptionTable()) {
    const std::string row = "| `" + std::string(spec.name) + "` | " + OptionTypeName(spec.type) + " | `" +
                            spec.default_value + "` |";
    INFO(row);
    CHECK(doc.find(row) != std::string::npos);
  }
}

TEST_CASE("ids are stable, hashed and valid as stream keys and question ids", "[plugins][livestream]") {
  Comment c;
  c.source = "bili-main";
  c.platform_id = "dm-1850091-1700000000123-59DEA791";
  c.uid = "1850091";
  c.text = "路灯坏了";
  const std::string id = ChannelMessageIdOf(c);
  CHECK(id.starts_with("bili-main:"));
  CHECK(id.size() == std::string("bili-main:").size() + 32);
  CHECK(id.find("1850091") == std::string::npos);  // the viewer's uid is not in it
  CHECK(ChannelMessageIdOf(c) == id);
  Comment other = c;
  other.platform_id.clear();
  CHECK(ChannelMessageIdOf(other) != id);
  other.ts_ms = 5;
  CHECK(ChannelMessageIdOf(other) != ChannelMessageIdOf(Comment{other.source, "", other.uid, "", other.text, 6}));
  const std::string q = QuestionIdOf(id);
  CHECK(q.size() == 17);
  CHECK(q[0] == 'q');
  CHECK(IsSessionId("2025-03-01-mayor"));
  CHECK_FALSE(IsSessionId("bad/session"));
  CHECK_FALSE(IsSessionId(std::string(65, 'a')));
  CHECK(StreamOf("2025-03-01-mayor") == "live-2025-03-01-mayor");
  CHECK(Rfc3339OfMs(1700000000123) == "2023-11-14T22:13:20.123Z");
}

TEST_CASE("the contact of an accepted question is a valid contact", "[plugins][livestream]") {
  Comment c{"bili-main", "sc-8812", "2004", "弹幕四", "孩子明年上小学，学区划分什么时候公布？", 1764230503000};
  const std::string contact = QuestionContact("livestream", "2025-11-27-mayor", c, ChannelMessageIdOf(c));
  boost::json::value v = boost::json::parse(contact);
  Status s = Schemas().ValidateContact(v);
  INFO(contact << "\n" << s.ToString());
  REQUIRE(s.ok());
  const boost::json::object& o = v.as_object();
  CHECK(o.at("session_id") == "2025-11-27-mayor");
  CHECK(o.at("citizen").at("id") == "bili-main:2004");
  CHECK(o.at("citizen").at("name") == "弹幕四");
  CHECK(o.at("received_at") == "2025-11-27T08:01:43.000Z");
  // A viewer without a name, and a text longer than a contact allows.
  Comment anonymous{"json-main", "", "1", "", std::string(12000, 'x'), 0};
  boost::json::value clipped = boost::json::parse(QuestionContact("livestream", "s", anonymous, ChannelMessageIdOf(anonymous)));
  CHECK(Schemas().ValidateContact(clipped).ok());
  CHECK_FALSE(clipped.at("citizen").as_object().contains("name"));
}

TEST_CASE("every live.* payload the plugin writes validates against its schema", "[plugins][livestream]") {
  SessionInfo info{"2025-11-27-mayor", "政风热线·市长上线", "政风热线", {"3203-019", "3203-001"}, "2025-11-27T10:00:00+08:00", {"bili-main"}};
  RequireValid("live.session_started", SessionStartedPayload(info));
  SessionInfo bare{"s1", "市长上线", "", {}, "2025-11-27T02:00:00Z", {}};
  RequireValid("live.session_started", SessionStartedPayload(bare));
  SessionCounts counts;
  counts.received = 16;
  counts.accepted = 6;
  counts.rejected = {3, 3, 4};
  RequireValid("live.session_ended", SessionEndedPayload(info.id, Rfc3339OfMs(1764230400000), counts));
  RequireValid("live.question_accepted", QuestionAcceptedPayload(info.id, "q0123456789abcdef", "bili-main", "3203-2025-0000001"));
  RequireValid("live.question_accepted", QuestionAcceptedPayload(info.id, "q0123456789abcdef", "desk", "3203-2025-0000001"));
  for (const char* reason : kRejectionReasons) RequireValid("live.question_rejected", QuestionRejectedPayload(info.id, reason, 20));
  RequireValid("live.question_answered_on_air", AnsweredOnAirPayload(info.id, "q0123456789abcdef", "3203-2025-0000001", "3203-019"));
  RequireValid("live.question_answered_on_air", AnsweredOnAirPayload(info.id, "q0123456789abcdef", "3203-2025-0000001", ""));
  RequireValid("live.question_dispatched", QuestionDispatchedPayload(info.id, "q0123456789abcdef", "3203-2025-0000001", "3203-019"));
  // The events carry no personal data: nothing in them is sealed.
  for (const char* type : {"live.session_started", "live.session_ended", "live.question_accepted",
                           "live.question_rejected", "live.question_answered_on_air", "live.question_dispatched"}) {
    INFO(type);
    CHECK(Schemas().PersonalFields(type, 1).empty());
  }
}

}  // namespace
}  // namespace rexian::live
