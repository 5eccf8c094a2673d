// Helpers shared by the event-store tests: opening a store, building events.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "rexian/event_store.h"
#include "support/temp_dir.h"

namespace rexian::testing {

// Opens an LMDB store in `dir`, failing the test if it cannot.
inline std::unique_ptr<EventStore> OpenStore(const std::string& dir,
                                             LmdbStoreOptions options = {}) {
  options.path = dir;
  auto store = OpenLmdbEventStore(options);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(store).value();
}

// A small test.recorded event with a unique id.
inline NewEvent MakeEvent(const std::string& id, int n = 0) {
  NewEvent e;
  e.event_id = id;
  e.type = "test.recorded";
  e.metadata = R"({"actor":{"user":"test","role":"system"},"occurred_at":"2025-01-01T08:00:00+08:00"})";
  e.payload = R"({"n":)" + std::to_string(n) + R"(,"note":"事件 )" + id + R"("})";
  return e;
}

inline AppendRequest MakeAppend(const std::string& stream, ExpectedVersion expected,
                                std::vector<NewEvent> events) {
  return AppendRequest{stream, expected, std::move(events)};
}

}  // namespace rexian::testing
