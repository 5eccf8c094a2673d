// Every shipped event type, the metadata and the contact accept real examples.
#include <catch2/catch.hpp>
#include <set>

#include "event_examples.h"
#include "schema_test_support.h"

namespace rexian {
namespace {

using testing::Json;
using testing::ShippedRegistry;

TEST_CASE("valid example payloads pass for every event type", "[schema]") {
  const SchemaRegistry& registry = ShippedRegistry();
  std::set<std::pair<std::string, std::uint32_t>> covered;
  for (const testing::EventExample& example : testing::ValidEventExamples()) {
    INFO(example.type << " v" << example.version << ": " << example.payload);
    const Status status =
        registry.ValidateEvent(example.type, example.version, Json(example.payload));
    CHECK(status.ok());
    if (!status.ok()) WARN(status.ToString());
    covered.emplace(example.type, example.version);
  }
  // A new schema needs an example here, and every example a schema.
  for (const auto& [type, version] : registry.EventTypes()) {
    INFO(type << " v" << version << " has no valid example");
    CHECK(covered.count({type, version}) == 1);
  }
  CHECK(covered.size() == registry.EventTypes().size());
}

TEST_CASE("valid metadata passes", "[schema]") {
  for (const std::string& metadata : testing::ValidMetadataExamples()) {
    INFO(metadata);
    const Status status = ShippedRegistry().ValidateMetadata(Json(metadata));
    INFO(status.ToString());
    CHECK(status.ok());
  }
}

TEST_CASE("valid contacts pass", "[schema]") {
  for (const std::string& contact : testing::ValidContactExamples()) {
    INFO(contact);
    const Status status = ShippedRegistry().ValidateContact(Json(contact));
    INFO(status.ToString());
    CHECK(status.ok());
  }
}

TEST_CASE("time formats accept RFC 3339 with an offset only", "[schema]") {
  const char* accepted[] = {"2025-03-01T09:30:00+08:00",
                            "2025-03-01T09:30:00Z",
                            "2025-03-01t09:30:00z",
                            "2025-12-31T23:59:60-12:00",
                            "2025-03-01T09:30:00.123456789+08:00",
                            "2024-02-29T00:00:00Z",
                            "2000-02-29T00:00:00Z",
                            "0001-01-01T00:00:00+23:59"};
  const char* rejected[] = {"2025-03-01T09:30:00",
                            "2025-03-01 09:30:00+08:00",
                            "2025-13-01T09:30:00Z",
                            "2025-03-32T09:30:00Z",
                            "2025-03-01T24:00:00Z",
                            "2025-03-01T09:30Z",
                            "2025-03-01T09:30:00+0800",
                            "25-03-01T09:30:00Z",
                            "2025-03-01T09:30:00.Z",
                            "2025-03-01",
                            "2025-03-01T09:30:00.1234567890Z",
                            "2025-02-29T00:00:00Z",
                            "1900-02-29T00:00:00Z",
                            "2025-04-31T00:00:00Z",
                            "2025-03-01T09:60:00Z",
                            "2025-03-01T09:30:61Z",
                            "2025-03-01T09:30:00+24:00",
                            "2025-03-01T09:30:00+08:60",
                            "2025-03-01T09:30:00+08:00 ",
                            "２０２５-03-01T09:30:00Z",
                            ""};
  for (const char* time : accepted) {
    INFO(time);
    boost::json::value metadata = Json(R"({"actor": {"user": "u1", "role": "agent"}})");
    metadata.as_object()["occurred_at"] = time;
    CHECK(ShippedRegistry().ValidateMetadata(metadata).ok());
  }
  for (const char* time : rejected) {
    INFO(time);
    boost::json::value metadata = Json(R"({"actor": {"user": "u1", "role": "agent"}})");
    metadata.as_object()["occurred_at"] = time;
    const Status status = ShippedRegistry().ValidateMetadata(metadata);
    CHECK(status.IsInvalidArgument());
    CHECK(status.message() == "metadata: /occurred_at: value \"" + std::string(time) +
                                  "\" is not a valid date-time (RFC 3339 date-time with offset)");
  }
}

}  // namespace
}  // namespace rexian
