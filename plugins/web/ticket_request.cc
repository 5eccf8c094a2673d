// Ticket document -> Open311 service request.
#include "web/ticket_request.h"

#include <boost/json.hpp>
#include <set>

#include "web/time_text.h"

namespace rexian::web {
namespace {

namespace json = boost::json;

std::optional<std::string> OptString(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string() || v->as_string().empty()) return std::nullopt;
  return std::string(v->as_string());
}

// The later of two W3C times (as text); either may be absent.
void KeepLatest(const std::optional<std::string>& candidate, std::optional<std::string>* latest) {
  if (!candidate) return;
  auto t = ParseW3Time(*candidate);
  if (!t) return;
  if (!*latest || *t > *ParseW3Time(**latest)) *latest = candidate;
}

std::optional<std::string> ReplyText(const json::object& ticket) {
  const json::value* reply = ticket.if_contains("reply");
  if (reply == nullptr) return std::nullopt;
  if (reply->is_string() && !reply->as_string().empty()) return std::string(reply->as_string());
  if (reply->is_object()) return OptString(reply->as_object(), "text");
  return std::nullopt;
}

}  // namespace

std::string Open311StatusOf(std::string_view ticket_status) {
  static const std::set<std::string, std::less<>> kClosed = {"answered", "resolved", "followed_up",
                                                             "closed", "merged"};
  return kClosed.contains(ticket_status) ? "closed" : "open";
}

const std::vector<std::string>& TicketStatusesOf(std::string_view open311_status) {
  static const std::vector<std::string> kOpen = {"received", "classified", "dispatched",
                                                 "acknowledged", "returned"};
  static const std::vector<std::string> kClosed = {"answered", "resolved", "followed_up", "closed",
                                                   "merged"};
  return open311_status == "closed" ? kClosed : kOpen;
}

Expected<ServiceRequest> RequestFromTicket(const json::object& ticket,
                                           const ServiceCatalogue& catalogue) {
  ServiceRequest r;
  auto number = OptString(ticket, "number");
  auto status = OptString(ticket, "status");
  auto opened_at = OptString(ticket, "opened_at");
  if (!number) return Failure{"ticket: expected a string `number`"};
  if (!status) return Failure{"ticket " + *number + ": expected a string `status`"};
  if (!opened_at || !ParseW3Time(*opened_at)) {
    return Failure{"ticket " + *number + ": expected an RFC 3339 `opened_at`"};
  }
  r.service_request_id = *number;
  r.status = Open311StatusOf(*status);
  r.status_notes = ReplyText(ticket);
  if (const json::value* c = ticket.if_contains("classification"); c != nullptr && c->is_object()) {
    r.service_code = OptString(c->as_object(), "subcategory");
    if (r.service_code) {
      if (const Service* s = catalogue.Find(*r.service_code)) r.service_name = s->service_name;
    }
  }
  if (auto lead = OptString(ticket, "lead_department")) {
    const std::string* name = catalogue.DepartmentName(*lead);
    r.agency_responsible = name != nullptr ? *name : *lead;
  }
  r.requested_datetime = *opened_at;
  r.expected_datetime = OptString(ticket, "deadline");

  std::optional<std::string> updated = OptString(ticket, "updated_at");
  if (!updated && r.status == "closed") {
    for (const char* key : {"closed_at", "resolved_at", "answered_at"}) {
      if ((updated = OptString(ticket, key))) break;
    }
  }
  if (!updated) {
    updated = opened_at;
    for (const char* key : {"answered_at", "acknowledged_at", "resolved_at", "closed_at"}) {
      KeepLatest(OptString(ticket, key), &updated);
    }
    if (const json::value* p = ticket.if_contains("pending_extension"); p != nullptr && p->is_object()) {
      KeepLatest(OptString(p->as_object(), "requested_at"), &updated);
    }
    if (const json::value* f = ticket.if_contains("follow_ups"); f != nullptr && f->is_array()) {
      for (const json::value& item : f->as_array()) {
        if (item.is_object()) KeepLatest(OptString(item.as_object(), "at"), &updated);
      }
    }
  }
  r.updated_datetime = *updated;
  return r;
}

}  // namespace rexian::web
