// PersonalFields lists the "x-pii" locations of each schema as JSON pointers.
#include <catch2/catch.hpp>

#include "schema_test_support.h"
#include "support/temp_dir.h"

namespace rexian {
namespace {

using testing::ShippedRegistry;

TEST_CASE("ticket.opened personal fields", "[schema]") {
  CHECK(ShippedRegistry().PersonalFields("ticket.opened", 1) ==
        std::vector<std::string>{"/attachments/*/name", "/citizen/channel_id", "/citizen/email",
                                 "/citizen/name", "/citizen/phone", "/citizen/wechat_openid",
                                 "/location/address", "/location/lat", "/location/lon", "/subject",
                                 "/text"});
}

TEST_CASE("contact personal fields", "[schema]") {
  CHECK(ShippedRegistry().ContactPersonalFields() ==
        std::vector<std::string>{"/attachments/*/name", "/citizen/email", "/citizen/id",
                                 "/citizen/name", "/citizen/phone", "/citizen/wechat_openid",
                                 "/extra", "/location/address", "/location/lat", "/location/lon",
                                 "/subject", "/text"});
}

TEST_CASE("test.recorded personal fields", "[schema]") {
  CHECK(ShippedRegistry().PersonalFields("test.recorded", 1) == std::vector<std::string>{"/note"});
}

TEST_CASE("free texts of the lifecycle are personal, codes are not", "[schema]") {
  const SchemaRegistry& registry = ShippedRegistry();
  using Fields = std::vector<std::string>;
  CHECK(registry.PersonalFields("ticket.answered", 1) == Fields{"/answer"});
  CHECK(registry.PersonalFields("ticket.resolved", 1) == Fields{"/reply"});
  CHECK(registry.PersonalFields("ticket.followed_up", 1) == Fields{"/comment"});
  CHECK(registry.PersonalFields("ticket.returned", 1) == Fields{"/reason"});
  CHECK(registry.PersonalFields("ticket.dispatched", 1) == Fields{"/instructions"});
  CHECK(registry.PersonalFields("ticket.redispatched", 1) == Fields{"/instructions", "/reason"});
  CHECK(registry.PersonalFields("ticket.acknowledged", 1).empty());
  CHECK(registry.PersonalFields("ticket.classified", 1).empty());
  CHECK(registry.PersonalFields("ticket.overdue", 1).empty());
}

TEST_CASE("unknown types have no personal fields", "[schema]") {
  CHECK(ShippedRegistry().PersonalFields("ticket.teleported", 1).empty());
  CHECK(ShippedRegistry().PersonalFields("ticket.opened", 7).empty());
}

TEST_CASE("x-pii on a container covers it whole, tuples and composition are followed", "[schema]") {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.sub("events/demo.pii"));
  const char* minimal = R"({"$schema": "http://json-schema.org/draft-07/schema#"})";
  testing::WriteFile(dir.sub("metadata.schema.json"), minimal);
  testing::WriteFile(dir.sub("contact.schema.json"), R"({
    "$schema": "http://json-schema.org/draft-07/schema#",
    "properties": {"extra": {"type": "object", "x-pii": true,
                             "additionalProperties": {"type": "string"}}}})");
  testing::WriteFile(dir.sub("events/demo.pii/v1.json"), R"({
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {
      "whole": {"type": "object", "x-pii": true,
                "properties": {"inner": {"type": "string", "x-pii": true}}},
      "public": {"type": "string", "x-pii": false},
      "pair": {"type": "array", "items": [{"type": "string"}, {"type": "string", "x-pii": true}]},
      "a/b~c": {"type": "string", "x-pii": true},
      "either": {"anyOf": [
        {"type": "object", "properties": {"x": {"x-pii": true}}},
        {"type": "object", "properties": {"y": {"x-pii": true}, "x": {"x-pii": true}}}]},
      "more": {"type": "array", "items": [{"type": "integer"}],
               "additionalItems": {"type": "string", "x-pii": true}}
    }})");
  auto loaded = SchemaRegistry::Load(dir.path());
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
  CHECK((*loaded)->PersonalFields("demo.pii", 1) ==
        std::vector<std::string>{"/a~1b~0c", "/either/x", "/either/y", "/more/*", "/pair/1",
                                 "/whole"});
  CHECK((*loaded)->ContactPersonalFields() == std::vector<std::string>{"/extra"});
}

}  // namespace
}  // namespace rexian
