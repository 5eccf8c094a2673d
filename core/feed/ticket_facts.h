// TicketFacts: what the feed filters a ticket's events by, kept per ticket from the log.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "rexian/event_store.h"

namespace rexian::feed {

// The filterable attributes of one ticket. Most ticket events (ticket.resolved,
// ticket.acknowledged, ...) do not repeat them, so the feed remembers them.
struct TicketFacts {
  std::string level;     // "city" or "county", from ticket.opened
  std::string platform;  // receiving platform code
  std::string channel;   // channel the ticket was opened from
  std::string domain;    // latest classification domain
  std::vector<std::string> departments;  // every department it was dispatched or assigned to
};

// Looks a ticket's facts up elsewhere (the ticket view) when the index has
// none, e.g. for a ticket opened before the feed started. nullopt: unknown.
// Must be thread-safe and must not block for long.
using TicketFactsLookup = std::function<std::optional<TicketFacts>(const std::string& stream_id)>;

// An in-memory map stream id -> facts, fed with the log's events in order,
// bounded by evicting the tickets first seen longest ago. Thread-safe.
//
// Facts are current, not historical: an event read during a catch-up is
// filtered by what the index knows now (a ticket's level and platform never
// change; its domain and departments may have grown since).
class TicketFactsIndex {
 public:
  // REQUIRES: capacity >= 1. `fallback` may be empty.
  TicketFactsIndex(std::size_t capacity, TicketFactsLookup fallback);

  // Updates the facts from one event of a "ticket-" stream; other events are ignored.
  void Apply(const RecordedEvent& event);

  // The facts of `stream_id`: from the index, else from the fallback (and then
  // remembered), else nullopt.
  std::optional<TicketFacts> Find(const std::string& stream_id);

  std::size_t size() const;

 private:
  void InsertLocked(const std::string& stream_id, TicketFacts facts);

  const std::size_t capacity_;
  const TicketFactsLookup fallback_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, TicketFacts> facts_;
  std::deque<std::string> insertion_order_;  // eviction order
};

}  // namespace rexian::feed
