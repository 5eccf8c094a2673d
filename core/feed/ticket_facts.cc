// TicketFactsIndex: per-ticket filter attributes learnt from ticket events.
#include "feed/ticket_facts.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace rexian::feed {
namespace {

namespace json = boost::json;

std::string TextAt(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) return {};
  return std::string(value->as_string());
}

void AddDepartment(TicketFacts* facts, std::string code) {
  if (code.empty()) return;
  if (std::find(facts->departments.begin(), facts->departments.end(), code) ==
      facts->departments.end()) {
    facts->departments.push_back(std::move(code));
  }
}

}  // namespace

TicketFactsIndex::TicketFactsIndex(std::size_t capacity, TicketFactsLookup fallback)
    : capacity_(std::max<std::size_t>(1, capacity)), fallback_(std::move(fallback)) {}

void TicketFactsIndex::Apply(const RecordedEvent& event) {
  if (event.stream_id.rfind("ticket-", 0) != 0) return;
  std::string_view type = event.type;
  bool opened = type == "ticket.opened";
  bool relevant = opened || type == "ticket.classified" || type == "ticket.dispatched" ||
                  type == "ticket.redispatched" || type == "ticket.resolved" ||
                  type == "ticket.overdue" || type == "ticket.acknowledged";
  if (!relevant) return;
  boost::system::error_code ec;
  json::value payload = json::parse(event.payload, ec);
  if (ec || !payload.is_object()) return;
  const json::object& p = payload.as_object();

  std::lock_guard lock(mutex_);
  auto it = facts_.find(event.stream_id);
  if (it == facts_.end()) {
    if (!opened) return;  // unknown ticket: Find asks the fallback when needed
    InsertLocked(event.stream_id, {});
    it = facts_.find(event.stream_id);
  }
  TicketFacts& facts = it->second;
  if (opened) {
    facts.level = TextAt(p, "level");
    facts.platform = TextAt(p, "platform");
    facts.channel = TextAt(p, "channel");
    if (const json::value* c = p.if_contains("classification"); c && c->is_object()) {
      facts.domain = TextAt(c->as_object(), "domain");
    }
  } else if (type == "ticket.classified") {
    facts.domain = TextAt(p, "domain");
  } else if (type == "ticket.dispatched" || type == "ticket.redispatched") {
    AddDepartment(&facts, TextAt(p, "lead_department"));
    if (const json::value* a = p.if_contains("assisting_departments"); a && a->is_array()) {
      for (const json::value& d : a->as_array()) {
        if (d.is_string()) AddDepartment(&facts, std::string(d.as_string()));
      }
    }
  } else {
    AddDepartment(&facts, TextAt(p, "department"));
  }
}

std::optional<TicketFacts> TicketFactsIndex::Find(const std::string& stream_id) {
  {
    std::lock_guard lock(mutex_);
    auto it = facts_.find(stream_id);
    if (it != facts_.end()) return it->second;
  }
  if (!fallback_) return std::nullopt;
  std::optional<TicketFacts> found = fallback_(stream_id);
  if (found) {
    std::lock_guard lock(mutex_);
    if (facts_.find(stream_id) == facts_.end()) InsertLocked(stream_id, *found);
  }
  return found;
}

std::size_t TicketFactsIndex::size() const {
  std::lock_guard lock(mutex_);
  return facts_.size();
}

void TicketFactsIndex::InsertLocked(const std::string& stream_id, TicketFacts facts) {
  while (facts_.size() >= capacity_ && !insertion_order_.empty()) {
    facts_.erase(insertion_order_.front());
    insertion_order_.pop_front();
  }
  facts_.emplace(stream_id, std::move(facts));
  insertion_order_.push_back(stream_id);
}

}  // namespace rexian::feed
