// A hand-built log of ticket events for the statistics tests, with known answers.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "rexian/event_store.h"

namespace rexian::testing {

// Appends ticket events with business times ("2025-02-03T10:00:00+08:00").
class StatisticsLog {
 public:
  // ticket.opened on `platform` ("3203" city, else a county), classified.
  void Open(const std::string& number, const std::string& received_at, const std::string& platform,
            const std::string& type, const std::string& domain, const std::string& sub,
            const std::string& channel = "phone") {
    const bool county = platform != "3203";
    Add(number, "ticket.opened", received_at,
        {{"number", number}, {"platform", platform}, {"level", county ? "county" : "city"},
         {"channel", channel}, {"text", "x"}, {"urgency", "normal"},
         {"contact", boost::json::object{{"channel_message_id", number}, {"received_at", received_at}}},
         {"classification", boost::json::object{{"type", type}, {"domain", domain}, {"subcategory", sub}}}});
  }
  void Answer(const std::string& number, const std::string& at) {
    Add(number, "ticket.answered", at, {{"answer", "ok"}});
  }
  void Dispatch(const std::string& number, const std::string& at, const std::string& department,
                const std::string& deadline) {
    Add(number, "ticket.dispatched", at,
        {{"dispatch_number", 1}, {"lead_department", department}, {"deadline", deadline}, {"sla_policy", "p"}});
  }
  void Resolve(const std::string& number, const std::string& at) {
    Add(number, "ticket.resolved", at, {{"department", "d"}, {"reply", "done"}});
  }
  void Rate(const std::string& number, const std::string& at, const std::string& rating) {
    Add(number, "ticket.followed_up", at, {{"rating", rating}, {"solved", rating != "dissatisfied"}});
  }
  void Reopen(const std::string& number, const std::string& at, const std::string& department,
              const std::string& deadline) {
    Add(number, "ticket.reopened", at, {{"cause", "dissatisfied"}});
    Add(number, "ticket.redispatched", at,
        {{"dispatch_number", 2}, {"lead_department", department}, {"deadline", deadline}, {"sla_policy", "p"}});
  }
  void Classify(const std::string& number, const std::string& at, const std::string& type,
                const std::string& domain, const std::string& sub) {
    Add(number, "ticket.classified", at, {{"type", type}, {"domain", domain}, {"subcategory", sub}});
  }
  void Merge(const std::string& number, const std::string& at, const std::string& into) {
    Add(number, "ticket.merged", at, {{"into", into}});
  }
  // An event of another stream, which the statistics must skip.
  void Other(const std::string& at) {
    RecordedEvent e;
    e.position = events_.size() + 1;
    e.stream_id = "reply-x";
    e.type = "reply.sent";
    e.metadata = boost::json::serialize(boost::json::object{{"occurred_at", at}});
    e.payload = "{}";
    events_.push_back(e);
  }

  const std::vector<RecordedEvent>& events() const { return events_; }

 private:
  void Add(const std::string& number, const std::string& type, const std::string& at,
           boost::json::object payload) {
    RecordedEvent e;
    e.position = events_.size() + 1;
    e.stream_id = "ticket-" + number;
    e.type = type;
    e.metadata = boost::json::serialize(boost::json::object{{"occurred_at", at}});
    e.payload = boost::json::serialize(payload);
    events_.push_back(e);
  }
  std::vector<RecordedEvent> events_;
};

}  // namespace rexian::testing
