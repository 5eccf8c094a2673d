// Invalid payloads are refused with the JSON pointer and the rule they break.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "schema_test_support.h"

namespace rexian {
namespace {

using testing::Json;
using testing::ShippedRegistry;

constexpr const char* kOpened = R"({"number": "3203-2025-000001", "platform": "xuzhou",
    "level": "city", "channel": "web", "text": "路灯不亮", "urgency": "normal")";

// `kOpened` with `more` members added, e.g. Opened(R"("subject": "x")").
std::string Opened(const std::string& more) { return std::string(kOpened) + ", " + more + "}"; }

std::string Repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

enum class Target { kEvent, kMetadata, kContact };

struct InvalidCase {
  const char* what;
  Target target;
  const char* type;  // for kEvent (version 1)
  std::string payload;
  std::string expected;  // one clause: "<pointer>: <rule>"
};

Status Validate(const InvalidCase& c) {
  const boost::json::value value = Json(c.payload);
  switch (c.target) {
    case Target::kEvent:
      return ShippedRegistry().ValidateEvent(c.type, 1, value);
    case Target::kMetadata:
      return ShippedRegistry().ValidateMetadata(value);
    case Target::kContact:
      return ShippedRegistry().ValidateContact(value);
  }
  return Status::OK();
}

std::string Prefix(const InvalidCase& c) {
  switch (c.target) {
    case Target::kEvent:
      return std::string(c.type) + " v1: ";
    case Target::kMetadata:
      return "metadata: ";
    case Target::kContact:
      return "contact: ";
  }
  return "";
}

const std::vector<InvalidCase>& InvalidCases() {
  static const std::vector<InvalidCase> kCases = {
      {"missing required", Target::kEvent, "ticket.opened",
       R"({"number": "3203-2025-000001", "platform": "xuzhou", "level": "city",
           "channel": "web", "urgency": "normal"})",
       "/text: required property is missing"},
      {"wrong type", Target::kEvent, "test.recorded", R"({"n": "1"})",
       "/n: value \"1\" has type string, expected integer"},
      {"fraction for an integer", Target::kEvent, "test.recorded", R"({"n": 1.5})",
       "/n: value 1.5 has type number, expected integer"},
      {"boolean expected", Target::kEvent, "ticket.followed_up",
       R"({"rating": "satisfied", "solved": "yes"})",
       "/solved: value \"yes\" has type string, expected boolean"},
      {"not an object", Target::kEvent, "ticket.closed", "[]",
       "(root): value [] has type array, expected object"},
      {"enum", Target::kEvent, "ticket.opened", Opened(R"("level": "province")"),
       "/level: value \"province\" is not one of [\"city\", \"county\"]"},
      {"pattern", Target::kEvent, "ticket.dispatched",
       R"({"dispatch_number": 1, "lead_department": "x", "deadline": "2025-03-10T17:30:00+08:00",
           "sla_policy": "p"})",
       "/lead_department: value \"x\" does not match pattern ^[0-9A-Za-z_-]{2,32}$"},
      {"date-time format", Target::kEvent, "ticket.dispatched",
       R"({"dispatch_number": 1, "lead_department": "hrss", "deadline": "2025-03-10 17:30",
           "sla_policy": "p"})",
       "/deadline: value \"2025-03-10 17:30\" is not a valid date-time "
       "(RFC 3339 date-time with offset)"},
      {"additional property", Target::kEvent, "ticket.acknowledged",
       R"({"dispatch_number": 1, "department": "hrss", "priority": 3})",
       "/priority: property is not allowed (additionalProperties is false)"},
      {"additional nested property", Target::kEvent, "ticket.opened",
       Opened(R"("location": {"district_code": "gulou", "floor": 3})"),
       "/location/floor: property is not allowed (additionalProperties is false)"},
      {"below minimum", Target::kEvent, "ticket.acknowledged",
       R"({"dispatch_number": 0, "department": "hrss"})",
       "/dispatch_number: value 0 is less than minimum 1"},
      {"above maximum", Target::kEvent, "ticket.returned",
       R"({"dispatch_number": 1001, "department": "hrss", "reason": "r"})",
       "/dispatch_number: value 1001 is greater than maximum 1000"},
      {"personal value out of range is withheld", Target::kEvent, "ticket.opened",
       Opened(R"("location": {"lat": 123.4})"),
       "/location/lat: value (personal data withheld) is greater than maximum 90"},
      {"nested required", Target::kEvent, "ticket.classified",
       R"({"type": "help", "domain": "transport", "previous": {"domain": "transport"}})",
       "/previous/type: required property is missing"},
      {"array item enum", Target::kEvent, "ticket.opened",
       Opened(R"("attachments": [{"kind": "image", "ref": "a"}, {"kind": "pdf", "ref": "b"}])"),
       "/attachments/1/kind: value \"pdf\" is not one of "
       "[\"image\", \"voice\", \"video\", \"link\", \"file\"]"},
      {"array item required", Target::kEvent, "ticket.opened",
       Opened(R"("attachments": [{"kind": "image"}])"),
       "/attachments/0/ref: required property is missing"},
      {"array item pattern", Target::kEvent, "ticket.dispatched",
       R"({"dispatch_number": 1, "lead_department": "hrss", "deadline": "2025-03-10T17:30:00Z",
           "sla_policy": "p", "assisting_departments": ["police", "?"]})",
       "/assisting_departments/1: value \"?\" does not match pattern ^[0-9A-Za-z_-]{2,32}$"},
      {"unique items", Target::kEvent, "ticket.dispatched",
       R"({"dispatch_number": 1, "lead_department": "hrss", "deadline": "2025-03-10T17:30:00Z",
           "sla_policy": "p", "assisting_departments": ["police", "police"]})",
       "/assisting_departments: items 0 and 1 are equal (uniqueItems is true)"},
      {"too many items", Target::kEvent, "ticket.opened",
       Opened("\"attachments\": [" + Repeat(R"({"kind": "file", "ref": "r"},)", 20) +
              R"({"kind": "file", "ref": "r"}])"),
       "/attachments: array of 21 items is longer than maxItems 20"},
      {"too long (counted in characters)", Target::kEvent, "ticket.opened",
       Opened("\"subject\": \"" + Repeat("路", 201) + "\""),
       "/subject: string of 201 characters is longer than maxLength 200"},
      {"too short", Target::kEvent, "ticket.resolved", R"({"department": "hrss", "reply": ""})",
       "/reply: string of 0 characters is shorter than minLength 1"},
      {"personal pattern mismatch is withheld", Target::kEvent, "ticket.opened",
       Opened(R"("citizen": {"phone": "call me maybe"})"),
       "/citizen/phone: value (personal data withheld) does not match pattern "
       "^[+]?[0-9][0-9 ()-]{2,30}$"},
      {"personal email format is withheld", Target::kContact, nullptr,
       R"({"channel": "web", "channel_message_id": "1", "received_at": "2025-03-01T09:30:00Z",
           "citizen": {"id": "c1", "email": "not-an-email"}, "text": "t"})",
       "/citizen/email: value (personal data withheld) is not a valid email (e-mail address)"},
      {"metadata role", Target::kMetadata, nullptr,
       R"({"actor": {"user": "u1", "role": "boss"}, "occurred_at": "2025-03-01T09:30:00Z"})",
       "/actor/role: value \"boss\" is not one of [\"agent\", \"department\", \"supervisor\", "
       "\"operator\", \"integrator\", \"admin\", \"system\"]"},
      {"metadata without offset", Target::kMetadata, nullptr,
       R"({"actor": {"user": "u1", "role": "agent"}, "occurred_at": "2025-03-01T09:30:00"})",
       "/occurred_at: value \"2025-03-01T09:30:00\" is not a valid date-time "
       "(RFC 3339 date-time with offset)"},
      {"metadata without actor", Target::kMetadata, nullptr,
       R"({"occurred_at": "2025-03-01T09:30:00Z"})", "/actor: required property is missing"},
      {"contact channel name", Target::kContact, nullptr,
       R"({"channel": "WeChat", "channel_message_id": "1", "received_at": "2025-03-01T09:30:00Z",
           "citizen": {"id": "c1"}, "text": "t"})",
       "/channel: value \"WeChat\" does not match pattern ^[a-z][a-z0-9_-]{1,31}$"},
      {"contact text too long", Target::kContact, nullptr,
       R"({"channel": "web", "channel_message_id": "1", "received_at": "2025-03-01T09:30:00Z",
           "citizen": {"id": "c1"}, "text": ")" +
           Repeat("x", 10001) + "\"}",
       "/text: string of 10001 characters is longer than maxLength 10000"},
      {"contact classification empty", Target::kContact, nullptr,
       R"({"channel": "web", "channel_message_id": "1", "received_at": "2025-03-01T09:30:00Z",
           "citizen": {"id": "c1"}, "text": "t", "classification": {}})",
       "/classification: object of 0 properties has fewer than minProperties 1"},
  };
  return kCases;
}

TEST_CASE("invalid payloads name the pointer and the rule", "[schema]") {
  for (const InvalidCase& c : InvalidCases()) {
    SECTION(c.what) {
      const Status status = Validate(c);
      INFO(status.ToString());
      REQUIRE(status.IsInvalidArgument());
      CHECK(status.message().rfind(Prefix(c), 0) == 0);
      // The clause is the first one, or follows "; ".
      const std::string& message = status.message();
      const bool first = message.compare(Prefix(c).size(), c.expected.size(), c.expected) == 0;
      const bool later = message.find("; " + c.expected) != std::string::npos;
      CHECK((first || later));
    }
  }
}

TEST_CASE("personal values never appear in messages", "[schema]") {
  const Status status = ShippedRegistry().ValidateEvent(
      "ticket.opened", 1, Json(Opened(R"("citizen": {"phone": "secret-13800", "name": 42,
                     "email": "secret@@x"}, "location": {"lat": 99.5})")));
  REQUIRE(status.IsInvalidArgument());
  INFO(status.message());
  CHECK(status.message().find("secret") == std::string::npos);
  CHECK(status.message().find("42") == std::string::npos);
  CHECK(status.message().find("99.5") == std::string::npos);
  CHECK(status.message().find("/citizen/name: value (personal data withheld) has type integer, "
                              "expected string") != std::string::npos);
}

TEST_CASE("several failures are all reported, in a stable order", "[schema]") {
  const Status status =
      ShippedRegistry().ValidateEvent("ticket.followed_up", 1, Json(R"({"method": "fax"})"));
  CHECK(status.message() ==
        "ticket.followed_up v1: /method: value \"fax\" is not one of "
        "[\"phone\", \"sms\", \"wechat\", \"web\", \"other\"]; "
        "/rating: required property is missing; /solved: required property is missing");

  // More than five failures are summarised.
  const Status many = ShippedRegistry().ValidateEvent(
      "ticket.dispatched", 1,
      Json(R"({"dispatch_number": "1", "lead_department": 1, "deadline": 2, "sla_policy": 3,
               "routing_rule": 4, "instructions": 5, "acknowledge_deadline": 6})"));
  INFO(many.message());
  CHECK(many.message().size() > 0);
  CHECK(many.message().find("; and 2 more") != std::string::npos);
}

TEST_CASE("long values are cut in messages", "[schema]") {
  const Status status = ShippedRegistry().ValidateEvent(
      "ticket.merged", 1, Json("{\"into\": \"" + Repeat("号", 50) + "\"}"));
  REQUIRE(status.IsInvalidArgument());
  INFO(status.message());
  // 60 bytes at most of the value's JSON, cut on a character boundary.
  CHECK(status.message() == "ticket.merged v1: /into: value \"" + Repeat("号", 19) +
                                "... does not match pattern ^[0-9A-Za-z][0-9A-Za-z-]{3,39}$");
}

}  // namespace
}  // namespace rexian
