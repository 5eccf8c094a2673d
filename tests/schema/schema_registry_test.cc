// SchemaRegistry loading: the shipped schemas, lookups, and malformed folders.
#include "rexian/schema_registry.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "schema_test_support.h"
#include "support/temp_dir.h"

namespace rexian {
namespace {

using testing::Json;
using testing::ShippedRegistry;
using testing::TempDir;
using testing::WriteFile;

constexpr const char* kMinimalSchema =
    R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"})";

// A schemas/ folder with valid metadata and contact schemas and no events.
class SchemaFolder {
 public:
  SchemaFolder() {
    std::filesystem::create_directories(dir_.sub("events"));
    WriteFile(dir_.sub("metadata.schema.json"), kMinimalSchema);
    WriteFile(dir_.sub("contact.schema.json"), kMinimalSchema);
  }
  // Writes events/<type>/<file>.
  void AddEvent(const std::string& type, const std::string& file, const std::string& text) {
    std::filesystem::create_directories(dir_.sub("events/" + type));
    WriteFile(dir_.sub("events/" + type + "/" + file), text);
  }
  std::string path() const { return dir_.path(); }
  std::string sub(const std::string& name) const { return dir_.sub(name); }

 private:
  TempDir dir_;
};

TEST_CASE("every shipped schema loads", "[schema]") {
  auto loaded = SchemaRegistry::Load(testing::ShippedSchemasDir());
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
}

TEST_CASE("the shipped event types: quarantine, replies, the ticket lifecycle, test.recorded",
          "[schema]") {
  const std::vector<std::pair<std::string, std::uint32_t>> expected = {
      {"alert.raised", 1},
      {"call.abandoned", 1},
      {"call.answered", 1},
      {"call.ended", 1},
      {"call.linked", 1},
      {"call.queued", 1},
      {"call.ringing", 1},
      {"call.surveyed", 1},
      {"call.transferred", 1},
      {"contact.quarantined", 1},
      {"contact.released", 1},
      {"live.question_accepted", 1},
      {"live.question_answered_on_air", 1},
      {"live.question_dispatched", 1},
      {"live.question_rejected", 1},
      {"live.session_ended", 1},
      {"live.session_started", 1},
      {"reply.failed", 1},
      {"reply.sent", 1},
      {"test.recorded", 1},
      {"ticket.acknowledged", 1},
      {"ticket.answered", 1},
      {"ticket.classified", 1},
      {"ticket.closed", 1},
      {"ticket.contact_added", 1},
      {"ticket.deadline_warning", 1},
      {"ticket.dispatched", 1},
      {"ticket.extension_approved", 1},
      {"ticket.extension_refused", 1},
      {"ticket.extension_requested", 1},
      {"ticket.followed_up", 1},
      {"ticket.merged", 1},
      {"ticket.opened", 1},
      {"ticket.overdue", 1},
      {"ticket.progress_noted", 1},
      {"ticket.redispatched", 1},
      {"ticket.reopened", 1},
      {"ticket.resolved", 1},
      {"ticket.returned", 1},
      {"ticket.supervised", 1},
      {"ticket.urged", 1},
  };
  CHECK(ShippedRegistry().EventTypes() == expected);
}

TEST_CASE("lookups by type and version", "[schema]") {
  const SchemaRegistry& registry = ShippedRegistry();
  CHECK(registry.HasEventType("ticket.opened", 1));
  CHECK_FALSE(registry.HasEventType("ticket.opened", 0));
  CHECK_FALSE(registry.HasEventType("ticket.opened", 2));
  CHECK_FALSE(registry.HasEventType("ticket.teleported", 1));
  CHECK(registry.LatestVersion("ticket.opened") == 1);
  CHECK(registry.LatestVersion("ticket.teleported") == 0);
}

TEST_CASE("unknown event type or version is NotFound", "[schema]") {
  const SchemaRegistry& registry = ShippedRegistry();
  Status unknown_type = registry.ValidateEvent("ticket.teleported", 1, Json("{}"));
  CHECK(unknown_type.IsNotFound());
  CHECK(unknown_type.message() == "unknown event type 'ticket.teleported' version 1");

  Status unknown_version = registry.ValidateEvent("ticket.opened", 9, Json("{}"));
  CHECK(unknown_version.IsNotFound());
  CHECK(unknown_version.message() == "unknown event type 'ticket.opened' version 9");

  CHECK(registry.ValidateEvent("ticket.opened", 0, Json("{}")).IsNotFound());
}

TEST_CASE("several versions of a type load and validate separately", "[schema]") {
  SchemaFolder folder;
  folder.AddEvent("demo.thing", "v1.json", R"({"$schema": "http://json-schema.org/draft-07/schema#",
      "type": "object", "additionalProperties": false, "required": ["a"],
      "properties": {"a": {"type": "integer"}}})");
  folder.AddEvent("demo.thing", "v2.json", R"({"$schema": "http://json-schema.org/draft-07/schema#",
      "type": "object", "additionalProperties": false, "required": ["b"],
      "properties": {"b": {"type": "string", "maxLength": 5}}})");
  folder.AddEvent("demo.thing", "NOTES.md", "ignored");
  WriteFile(folder.sub("events/README.md"), "ignored too");

  auto loaded = SchemaRegistry::Load(folder.path());
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
  const SchemaRegistry& registry = **loaded;
  CHECK(registry.LatestVersion("demo.thing") == 2);
  CHECK(registry.EventTypes() ==
        std::vector<std::pair<std::string, std::uint32_t>>{{"demo.thing", 1}, {"demo.thing", 2}});
  CHECK(registry.ValidateEvent("demo.thing", 1, Json(R"({"a": 1})")).ok());
  CHECK(registry.ValidateEvent("demo.thing", 2, Json(R"({"b": "x"})")).ok());
  CHECK(registry.ValidateEvent("demo.thing", 2, Json(R"({"a": 1})")).message() ==
        "demo.thing v2: /a: property is not allowed (additionalProperties is false); "
        "/b: required property is missing");
}

TEST_CASE("format and pattern on one string are both checked", "[schema]") {
  SchemaFolder folder;
  folder.AddEvent("demo.day", "v1.json", R"({"$schema": "http://json-schema.org/draft-07/schema#",
      "type": "object", "properties": {
        "day": {"type": "string", "format": "date", "pattern": "^2025-"}}})");
  auto loaded = SchemaRegistry::Load(folder.path());
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
  const SchemaRegistry& registry = **loaded;
  CHECK(registry.ValidateEvent("demo.day", 1, Json(R"({"day": "2025-02-28"})")).ok());
  CHECK(registry.ValidateEvent("demo.day", 1, Json(R"({"day": "2024-02-29"})")).message() ==
        "demo.day v1: /day: value \"2024-02-29\" does not match pattern ^2025-");
  CHECK(registry.ValidateEvent("demo.day", 1, Json(R"({"day": "2025-02-29"})")).message() ==
        "demo.day v1: /day: value \"2025-02-29\" is not a valid date (RFC 3339 full-date)");
  CHECK(registry.ValidateEvent("demo.day", 1, Json(R"({"day": 20250228})")).message() ==
        "demo.day v1: /day: value 20250228 has type integer, expected string");
}

TEST_CASE("local $ref to definitions validates and carries x-pii", "[schema]") {
  SchemaFolder folder;
  folder.AddEvent("demo.ref", "v1.json", R"({
    "$schema": "http://json-schema.org/draft-07/schema#",
    "definitions": {
      "person": {"type": "object", "additionalProperties": false, "required": ["name"],
                 "properties": {"name": {"type": "string", "maxLength": 10, "x-pii": true},
                                "age": {"type": "integer", "minimum": 0}}}
    },
    "type": "object", "additionalProperties": false,
    "properties": {"people": {"type": "array", "items": {"$ref": "#/definitions/person"}},
                   "owner": {"$ref": "#/definitions/person"}}})");
  auto loaded = SchemaRegistry::Load(folder.path());
  INFO(loaded.status().ToString());
  REQUIRE(loaded.ok());
  const SchemaRegistry& registry = **loaded;
  CHECK(registry.PersonalFields("demo.ref", 1) ==
        std::vector<std::string>{"/owner/name", "/people/*/name"});
  CHECK(registry.ValidateEvent("demo.ref", 1, Json(R"({"people": [{"name": "a"}]})")).ok());
  CHECK(registry.ValidateEvent("demo.ref", 1, Json(R"({"people": [{"name": "a"}, {"age": -1}]})"))
            .message() ==
        "demo.ref v1: /people/1/age: value -1 is less than minimum 0; "
        "/people/1/name: required property is missing");
}

// Each malformed folder must fail with a status naming the offending file.
struct MalformedCase {
  const char* what;
  const char* type;  // event folder name; nullptr: write `file` at the root
  const char* file;
  const char* text;
  const char* expected;  // substring of the message, after the file's path
};

TEST_CASE("malformed schemas are InvalidArgument naming the file", "[schema]") {
  const MalformedCase cases[] = {
      {"syntax error", "demo.bad", "v1.json",
       "{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n  \"type\": ,\n}",
       "v1.json:3:11: invalid JSON"},
      {"truncated", "demo.bad", "v1.json", "{\"type\": \"object\"",
       "v1.json:1:18: invalid JSON: incomplete JSON"},
      {"no $schema", "demo.bad", "v1.json", R"({"type": "object"})",
       "v1.json: \"$schema\" must be \"http://json-schema.org/draft-07/schema#\""},
      {"other draft", "demo.bad", "v1.json",
       R"({"$schema": "http://json-schema.org/draft-04/schema#"})", "must be"},
      {"not an object", "demo.bad", "v1.json", "[1, 2]", "v1.json: schema must be a JSON object"},
      {"bad type keyword", "demo.bad", "v1.json",
       R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": 5})",
       "v1.json: invalid schema: "},
      {"unsupported format", "demo.bad", "v1.json",
       R"({"$schema": "http://json-schema.org/draft-07/schema#",
           "properties": {"u": {"type": "string", "format": "uri"}}})",
       "v1.json: unsupported format \"uri\" (supported: date-time, date, email)"},
      {"x-pii not boolean", "demo.bad", "v1.json",
       R"({"$schema": "http://json-schema.org/draft-07/schema#",
           "properties": {"a": {"type": "object", "properties": {"b": {"x-pii": "yes"}}}}})",
       "v1.json: \"x-pii\" must be true or false at /a/b"},
      {"x-pii on the whole document", "demo.bad", "v1.json",
       R"({"$schema": "http://json-schema.org/draft-07/schema#", "x-pii": true})",
       "v1.json: \"x-pii\" cannot mark the whole document; mark its members"},
      {"x-pii below additionalProperties", "demo.bad", "v1.json",
       R"({"$schema": "http://json-schema.org/draft-07/schema#",
           "properties": {"map": {"type": "object", "additionalProperties": {
             "type": "object", "properties": {"secret": {"x-pii": true}}}}}})",
       "v1.json: \"x-pii\" at /map/*/secret is inside additionalProperties or "
       "patternProperties; mark the whole object instead"},
      {"dangling $ref", "demo.bad", "v1.json",
       R"({"$schema": "http://json-schema.org/draft-07/schema#",
           "properties": {"a": {"$ref": "#/definitions/missing"}}})",
       "v1.json: cannot resolve $ref #/definitions/missing at /a"},
      {"remote $ref", "demo.bad", "v1.json",
       R"({"$schema": "http://json-schema.org/draft-07/schema#",
           "properties": {"a": {"$ref": "other.json#/x"}}})",
       "v1.json: cannot resolve $ref other.json#/x at /a"},
      {"bad regex", "demo.bad", "v1.json",
       R"({"$schema": "http://json-schema.org/draft-07/schema#",
           "properties": {"a": {"type": "string", "pattern": "^[a-z$"}}})",
       "v1.json: pattern \"^[a-z$\" is not a valid regular expression"},
      {"bad version file name", "demo.bad", "v01.json", kMinimalSchema,
       "v01.json: expected a file named v<N>.json"},
      {"version zero", "demo.bad", "v0.json", kMinimalSchema, "v0.json: expected a file named"},
      {"gap in versions", "demo.bad", "v2.json", kMinimalSchema,
       "demo.bad: v1.json is missing (versions must run from v1 without gaps)"},
      {"bad type name", "Ticket.Opened", "v1.json", kMinimalSchema,
       "Ticket.Opened: not a valid event type name"},
      {"one-part type name", "ticket", "v1.json", kMinimalSchema,
       "ticket: not a valid event type name"},
      {"bad metadata", nullptr, "metadata.schema.json", "{",
       "metadata.schema.json:1:2: invalid JSON"},
      {"bad contact", nullptr, "contact.schema.json", R"({"type": "object"})",
       "contact.schema.json: \"$schema\" must be"},
  };
  for (const MalformedCase& c : cases) {
    SECTION(c.what) {
      SchemaFolder folder;
      if (c.type != nullptr) {
        folder.AddEvent(c.type, c.file, c.text);
      } else {
        WriteFile(folder.sub(c.file), c.text);
      }
      auto loaded = SchemaRegistry::Load(folder.path());
      REQUIRE_FALSE(loaded.ok());
      const Status status = loaded.status();
      INFO(status.ToString());
      CHECK(status.IsInvalidArgument());
      CHECK(status.message().find(folder.path()) == 0);
      CHECK(status.message().find(c.expected) != std::string::npos);
    }
  }
}

TEST_CASE("missing pieces of the layout are NotFound", "[schema]") {
  SECTION("no such folder") {
    auto loaded = SchemaRegistry::Load("/nonexistent/rexian/schemas");
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.status().IsNotFound());
    CHECK(loaded.status().message().find("/nonexistent/rexian/schemas/events") == 0);
  }
  SECTION("no metadata schema") {
    SchemaFolder folder;
    std::filesystem::remove(folder.sub("metadata.schema.json"));
    auto loaded = SchemaRegistry::Load(folder.path());
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.status().IsNotFound());
    CHECK(loaded.status().message() == folder.sub("metadata.schema.json") + ": cannot open file");
  }
  SECTION("no contact schema") {
    SchemaFolder folder;
    std::filesystem::remove(folder.sub("contact.schema.json"));
    auto loaded = SchemaRegistry::Load(folder.path() + "/");
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.status().IsNotFound());
    CHECK(loaded.status().message() == folder.sub("contact.schema.json") + ": cannot open file");
  }
}

}  // namespace
}  // namespace rexian
