// RenderedEvent and the feed's control messages.
#include "feed/feed_messages.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>

namespace rexian::feed {
namespace {

namespace json = boost::json;

std::string TextAt(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) return {};
  return std::string(value->as_string());
}

json::value ParseOrNull(std::string_view text) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  return ec ? json::value(nullptr) : value;
}

}  // namespace

std::string FormatUtcMicros(std::int64_t us) {
  using namespace std::chrono;
  sys_time<microseconds> t{microseconds{us}};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<microseconds> hms{t - day};
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<long long>(hms.subseconds().count()));
  return buffer;
}

RenderedEvent::RenderedEvent(const RecordedEvent& event, const EventLog& log,
                             std::optional<TicketFacts> facts)
    : event_(event), log_(log), facts_(std::move(facts)) {
  json::value metadata = ParseOrNull(event.metadata);
  if (metadata.is_object()) channel_ = TextAt(metadata.as_object(), "channel");
  if (facts_ && channel_.empty()) channel_ = facts_->channel;
  if (facts_) departments_ = facts_->departments;
  // Events naming a department (ticket.resolved, ticket.overdue, ...) match it
  // even when the index has not seen the ticket's dispatch.
  if (event.payload.find("\"department\"") != std::string::npos || is_alert()) {
    json::value payload = ParseOrNull(event.payload);
    if (payload.is_object()) {
      department_ = TextAt(payload.as_object(), "department");
      if (!department_.empty()) departments_.push_back(department_);
      if (is_alert()) {
        alert_platform_ = TextAt(payload.as_object(), "platform");
        alert_level_ = TextAt(payload.as_object(), "level");
      }
    }
  }
}

FilterSubject RenderedEvent::subject() const {
  FilterSubject s;
  s.type = event_.type;
  s.channel = channel_;
  if (facts_) {
    s.level = facts_->level;
    s.platform = facts_->platform;
    s.domain = facts_->domain;
  }
  s.departments = &departments_;
  return s;
}

std::shared_ptr<const std::string> RenderedEvent::Text(PiiView view) {
  auto& slot = texts_[view == PiiView::kPlaintext ? 0 : 1];
  if (!slot && !failed_) slot = Render(view);
  return slot;
}

std::shared_ptr<const std::string> RenderedEvent::Render(PiiView view) {
  json::value payload = ParseOrNull(event_.payload);
  if (MayHaveSealedFields(event_.payload)) {
    RecordedEvent opened = event_;
    Status s = log_.Reveal(&opened, PiiAccess::kPlaintext);
    if (!s.ok()) {
      std::fprintf(stderr, "rexian feed: cannot reveal event at position %llu: %s\n",
                   static_cast<unsigned long long>(event_.position), s.ToString().c_str());
      failed_ = true;
      return nullptr;
    }
    json::value revealed = ParseOrNull(opened.payload);
    payload = view == PiiView::kPlaintext ? std::move(revealed)
                                          : MaskSealedFields(payload, revealed);
  }
  json::object message;
  if (is_alert()) {
    message["type"] = "alert";
    message["position"] = event_.position;
    message["alert_id"] = event_.stream_id;
    message["recorded_at"] = FormatUtcMicros(event_.recorded_at_us);
    message["recorded_at_us"] = event_.recorded_at_us;
    if (payload.is_object()) {
      for (const auto& [key, value] : payload.as_object()) message[key] = value;
    }
    return std::make_shared<const std::string>(json::serialize(message));
  }
  message["type"] = "event";
  message["position"] = event_.position;
  message["event_type"] = event_.type;
  message["stream"] = event_.stream_id;
  message["stream_version"] = event_.stream_version;
  message["event_id"] = event_.event_id;
  message["recorded_at"] = FormatUtcMicros(event_.recorded_at_us);
  message["recorded_at_us"] = event_.recorded_at_us;
  if (facts_) {
    json::array departments;
    for (const std::string& d : facts_->departments) departments.emplace_back(d);
    message["ticket"] = json::object{{"level", facts_->level},
                                     {"platform", facts_->platform},
                                     {"channel", facts_->channel},
                                     {"domain", facts_->domain},
                                     {"departments", std::move(departments)}};
  }
  message["metadata"] = ParseOrNull(event_.metadata);
  message["payload"] = std::move(payload);
  return std::make_shared<const std::string>(json::serialize(message));
}

std::string HelloMessage(std::uint64_t position, std::string_view role, PiiView view,
                         std::int64_t heartbeat_seconds) {
  return json::serialize(json::object{
      {"type", "hello"},
      {"position", position},
      {"role", role},
      {"pii", view == PiiView::kPlaintext ? "plaintext" : "masked"},
      {"heartbeat_seconds", heartbeat_seconds}});
}

std::string HeartbeatMessage(std::int64_t now_us, std::uint64_t position) {
  return json::serialize(
      json::object{{"type", "heartbeat"}, {"at", FormatUtcMicros(now_us)}, {"position", position}});
}

std::string StatsMessage(std::int64_t now_us, std::string_view stats_json) {
  return R"({"type":"stats","at":")" + FormatUtcMicros(now_us) + R"(","stats":)" +
         std::string(stats_json) + "}";
}

std::string DroppedMessage(std::string_view reason, std::uint64_t resume_from) {
  return json::serialize(
      json::object{{"type", "dropped"}, {"reason", reason}, {"resume_from", resume_from}});
}

}  // namespace rexian::feed
