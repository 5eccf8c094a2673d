// FoldTicketStat: the statistics' reading of each ticket event.
#include "projections/statistics_fold.h"

#include <boost/json.hpp>

#include "domain/ticket_time.h"

namespace rexian {
namespace {

namespace json = boost::json;

std::string_view Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->as_string()) : std::string_view();
}

std::int64_t TimeOf(std::string_view text, std::int64_t fallback) {
  if (text.empty()) return fallback;
  auto t = ticket::ParseTime(text);
  return t ? t->time_since_epoch().count() : fallback;
}

void Classify(TicketStat* s, const json::object& c, const InternCode& intern) {
  s->type = intern('t', Str(c, "type"));
  s->domain = intern('d', Str(c, "domain"));
  std::string_view sub = Str(c, "subcategory");
  s->subcategory = sub.empty() ? kNoCode : intern('s', sub);
}

std::uint8_t RatingOf(std::string_view name) {
  if (name == "satisfied") return TicketStat::kSatisfied;
  if (name == "basically_satisfied") return TicketStat::kBasicallySatisfied;
  if (name == "dissatisfied") return TicketStat::kDissatisfied;
  return TicketStat::kUnrated;
}

}  // namespace

TicketStatInputs TicketStatInputsOf(std::string_view type) {
  if (type == "ticket.opened") return {.payload = true, .occurred_at = true};
  if (type == "ticket.resolved") return {.payload = false, .occurred_at = true};
  if (type == "ticket.classified" || type == "ticket.dispatched" ||
      type == "ticket.redispatched" || type == "ticket.extension_approved" ||
      type == "ticket.followed_up") {
    return {.payload = true, .occurred_at = false};
  }
  return {};  // answered, reopened, merged, closed: the type alone; the rest: ignored
}

std::int64_t EventTime(const json::object& metadata, std::int64_t recorded_at_us) {
  std::int64_t recorded = recorded_at_us / 1000000;
  return TimeOf(Str(metadata, "occurred_at"), recorded);
}

void FoldTicketStat(TicketStat* s, std::string_view type, const json::object& p,
                    std::int64_t occurred_at, const InternCode& intern) {
  if (type == "ticket.opened") {
    std::int64_t received = occurred_at;
    if (const json::value* c = p.if_contains("contact"); c && c->is_object()) {
      received = TimeOf(Str(c->as_object(), "received_at"), occurred_at);
    }
    s->received_at = received;
    s->platform = intern('p', Str(p, "platform"));
    s->county = Str(p, "level") == "county" ? 1 : 0;
    s->channel = intern('c', Str(p, "channel"));
    if (const json::value* c = p.if_contains("classification"); c && c->is_object()) {
      Classify(s, c->as_object(), intern);
    }
  } else if (type == "ticket.classified") {
    Classify(s, p, intern);
  } else if (type == "ticket.answered") {
    s->set(TicketStat::kAnswered, true);
  } else if (type == "ticket.dispatched" || type == "ticket.redispatched") {
    s->set(TicketStat::kDispatched, true);
    s->department = intern('g', Str(p, "lead_department"));
    s->deadline = TimeOf(Str(p, "deadline"), 0);
  } else if (type == "ticket.extension_approved") {
    s->deadline = TimeOf(Str(p, "new_deadline"), s->deadline);
  } else if (type == "ticket.resolved") {
    s->set(TicketStat::kResolved, true);
    s->set(TicketStat::kOnTime, s->deadline == 0 || occurred_at <= s->deadline);
  } else if (type == "ticket.followed_up") {
    s->rating = RatingOf(Str(p, "rating"));
  } else if (type == "ticket.reopened") {
    s->set(TicketStat::kResolved, false);
    s->set(TicketStat::kOnTime, false);
    s->set(TicketStat::kClosed, false);
    s->set(TicketStat::kReopened, true);
    s->rating = TicketStat::kUnrated;
    if (s->reopen_count < 255) ++s->reopen_count;
  } else if (type == "ticket.merged") {
    s->set(TicketStat::kMerged, true);
  } else if (type == "ticket.closed") {
    s->set(TicketStat::kClosed, true);
  }
}

}  // namespace rexian
