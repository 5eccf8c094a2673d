// CitizenMemory: an LRU map of citizens and a bounded set of told contacts.
#include "wechat/citizen_memory.h"

namespace rexian::wechat {

CitizenMemory::Entry& CitizenMemory::Touch(const std::string& citizen) {
  auto it = entries_.find(citizen);
  if (it != entries_.end()) {
    recency_.splice(recency_.begin(), recency_, it->second.order);
    return it->second;
  }
  if (entries_.size() >= max_citizens_ && !recency_.empty()) {
    entries_.erase(recency_.back());
    recency_.pop_back();
  }
  recency_.push_front(citizen);
  Entry& entry = entries_[citizen];
  entry.order = recency_.begin();
  return entry;
}

std::optional<std::string> CitizenMemory::CurrentTicket(const std::string& citizen,
                                                        Clock::time_point now,
                                                        std::chrono::minutes window) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(citizen);
  if (it == entries_.end() || it->second.ticket_number.empty()) return std::nullopt;
  if (now - it->second.ticket_at > window) return std::nullopt;
  return it->second.ticket_number;
}

void CitizenMemory::RememberTicket(const std::string& citizen, const std::string& ticket_number,
                                   Clock::time_point at) {
  std::lock_guard lock(mutex_);
  Entry& entry = Touch(citizen);
  entry.ticket_number = ticket_number;
  entry.ticket_at = at;
}

std::optional<ReportedLocation> CitizenMemory::LastLocation(const std::string& citizen) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(citizen);
  if (it == entries_.end()) return std::nullopt;
  return it->second.location;
}

void CitizenMemory::RememberLocation(const std::string& citizen, ReportedLocation location) {
  std::lock_guard lock(mutex_);
  Touch(citizen).location = std::move(location);
}

void CitizenMemory::MarkTold(const std::string& channel_message_id) {
  std::lock_guard lock(mutex_);
  if (!told_.insert(channel_message_id).second) return;
  told_order_.push_back(channel_message_id);
  if (told_order_.size() > 4 * max_citizens_) {
    told_.erase(told_order_.front());
    told_order_.pop_front();
  }
}

bool CitizenMemory::WasTold(const std::string& channel_message_id) {
  std::lock_guard lock(mutex_);
  return told_.count(channel_message_id) > 0;
}

}  // namespace rexian::wechat
