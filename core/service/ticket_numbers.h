// TicketNumbers: human-readable work-order numbers, unique per platform and year.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "rexian/event_store.h"

namespace rexian {

// Numbers look like "320302-2025-0000042": the platform's administrative
// code, the year, and a sequence. Uniqueness does not rest on this class but
// on the store: a ticket's stream is "ticket-<number>" and it is opened with
// ExpectedVersion::NoStream, so a number can never be used twice, even by two
// processes. This class only makes collisions rare: it remembers the next
// free sequence per (platform, year), found once from the store by
// exponential and binary search over stream existence. Thread-safe.
class TicketNumbers {
 public:
  explicit TicketNumbers(EventStore* store) : store_(store) {}

  // The next number to try for (platform, year).
  Result<std::string> Next(const std::string& platform, int year);

  // The stream id of a ticket number.
  static std::string StreamOf(std::string_view number) {
    return "ticket-" + std::string(number);
  }

  static std::string Format(const std::string& platform, int year, std::uint64_t sequence);

 private:
  Result<std::uint64_t> FirstFree(const std::string& platform, int year);

  EventStore* store_;
  std::mutex mu_;
  std::map<std::pair<std::string, int>, std::uint64_t> next_;
};

}  // namespace rexian
