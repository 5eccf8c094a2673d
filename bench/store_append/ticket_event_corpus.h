// Deterministic, ticket-like events for the store benchmark.
#pragma once

#include <cstdint>
#include <string>

#include "rexian/event_store.h"

namespace rexian::bench {

// Builds the benchmark's events on demand from their index, so no corpus is
// held in memory (peak RSS then reflects the store, not the benchmark) and
// every run, thread count and phase sees the same bytes. Payloads look like
// the work-order events of schemas/events (Chinese free text, Xuzhou
// districts) but are not schema-validated: the store below EventLog does not
// validate. Thread-safe (const, no shared state).
class TicketEventCorpus {
 public:
  // REQUIRES: payload_bytes >= 16, streams >= 1. `ordered_ids`: event ids
  // that sort in index order (UUIDv7-like) rather than randomly (UUIDv4-like).
  TicketEventCorpus(std::size_t payload_bytes, std::uint64_t streams, bool ordered_ids);

  // The ticket (0 .. streams-1) that append number `append_index` goes to:
  // spread pseudo-randomly, so appends hit streams in no particular order.
  std::uint64_t TicketFor(std::uint64_t append_index) const;

  // "ticket-3203-2025-000123" for ticket 123.
  std::string StreamId(std::uint64_t ticket) const;

  // Fills `out` (reusing its strings) with event number `index` of `ticket`:
  // a UUID-shaped event id unique per index, a ticket.* type, ~160 bytes of metadata
  // and a JSON payload of exactly payload_bytes bytes.
  void MakeEvent(std::uint64_t index, std::uint64_t ticket, NewEvent* out) const;

 private:
  std::size_t payload_bytes_;
  std::uint64_t streams_;
  bool ordered_ids_;
};

}  // namespace rexian::bench
