// CitizenMemory: what the plugin remembers of each citizen between messages
// (their current ticket, their last reported location) and which contacts
// it already told the ticket number of.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <deque>

namespace rexian::wechat {

using Clock = std::chrono::system_clock;

// A position the citizen's WeChat client reported (LOCATION event) or sent
// (location message).
struct ReportedLocation {
  double lat = 0;
  double lon = 0;
  std::string label;  // "" for a LOCATION event
};

// Bounded, least-recently-seen first out, in memory only: a restart forgets
// it (a follow-up then needs the ticket number quoted, as on any channel).
// Thread-safe.
class CitizenMemory {
 public:
  explicit CitizenMemory(std::size_t max_citizens) : max_citizens_(max_citizens) {}

  // The ticket `citizen` (appid + OpenID) opened or followed up last, if it
  // was within `window` of `now`.
  std::optional<std::string> CurrentTicket(const std::string& citizen, Clock::time_point now,
                                           std::chrono::minutes window);
  // Records that `citizen` wrote about `ticket_number` at `at`.
  void RememberTicket(const std::string& citizen, const std::string& ticket_number,
                      Clock::time_point at);

  // The last location `citizen`'s client reported, if any.
  std::optional<ReportedLocation> LastLocation(const std::string& citizen);
  void RememberLocation(const std::string& citizen, ReportedLocation location);

  // Contacts whose ticket number the plugin tells the citizen itself (passive
  // reply or customer-service message): rexian's acknowledgement of them is
  // not sent a second time. Keeps the most recent 4 x max_citizens.
  void MarkTold(const std::string& channel_message_id);
  bool WasTold(const std::string& channel_message_id);

 private:
  struct Entry {
    std::string ticket_number;
    Clock::time_point ticket_at{};
    std::optional<ReportedLocation> location;
    std::list<std::string>::iterator order;
  };
  Entry& Touch(const std::string& citizen);  // REQUIRES: mutex_ held

  std::mutex mutex_;
  std::size_t max_citizens_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> recency_;  // most recent first
  std::unordered_set<std::string> told_;
  std::deque<std::string> told_order_;
};

}  // namespace rexian::wechat
