// GET requests arguments -> list_tickets queries.
#include "web/open311_query.h"

#include <boost/json.hpp>

#include "web/ticket_request.h"

namespace rexian::web {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxIds = 100;
constexpr std::size_t kMaxServiceCodes = 20;
constexpr auto kMaxSpan = std::chrono::days(90);

// Every comma-separated item of every value of `name`, trimmed, empty ones skipped.
std::vector<std::string> CommaList(const FormFields& fields, std::string_view name) {
  std::vector<std::string> out;
  for (const std::string& value : fields.All(name)) {
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      std::string item = value.substr(start, comma - start);
      while (!item.empty() && item.front() == ' ') item.erase(0, 1);
      while (!item.empty() && item.back() == ' ') item.pop_back();
      if (!item.empty()) out.push_back(std::move(item));
      start = comma + 1;
    }
  }
  return out;
}

}  // namespace

RequestsQueryOutcome ReadRequestsQuery(const FormFields& fields, Seconds now,
                                       const ServiceCatalogue& catalogue, int limit) {
  RequestsQueryOutcome out;
  auto fail = [&out](std::string description) {
    out.http_status = 400;
    out.errors.push_back({400, std::move(description)});
  };
  RequestsQuery& q = out.query;
  q.limit = limit;
  q.ids = CommaList(fields, "service_request_id");
  if (q.ids.size() > kMaxIds) fail("service_request_id lists more than 100 requests");

  q.service_codes = CommaList(fields, "service_code");
  if (q.service_codes.size() > kMaxServiceCodes) fail("service_code lists more than 20 services");
  for (const std::string& code : q.service_codes) {
    if (catalogue.Find(code) == nullptr) fail("service_code " + code + " was not found");
  }

  bool open = false, closed = false;
  for (const std::string& status : CommaList(fields, "status")) {
    if (status == "open") open = true;
    else if (status == "closed") closed = true;
    else fail("status must be open or closed, not '" + status + "'");
  }
  if (open != closed) q.open311_statuses = {open ? "open" : "closed"};

  std::optional<Seconds> start, end;
  if (auto text = fields.Get("start_date")) {
    start = ParseW3Time(*text);
    if (!start) fail("start_date must be a W3C date-time with a zone, e.g. 2010-01-01T00:00:00Z");
  }
  if (auto text = fields.Get("end_date")) {
    end = ParseW3Time(*text);
    if (!end) fail("end_date must be a W3C date-time with a zone, e.g. 2010-01-01T00:00:00Z");
  }
  if (out.http_status != 0) return out;
  if (start && end) {
    if (*end < *start) fail("end_date is before start_date");
    else if (*end - *start > kMaxSpan) fail("start_date and end_date may not span more than 90 days");
  } else if (start) {
    end = *start + kMaxSpan;
  } else if (end) {
    start = *end - kMaxSpan;
  } else {
    end = now;
    start = now - kMaxSpan;
  }
  if (out.http_status != 0) return out;
  q.opened_from = FormatUtc(*start);
  q.opened_to = FormatUtc(*end + std::chrono::seconds(1));
  return out;
}

std::vector<std::string> ListTicketsQueries(const RequestsQuery& query, const std::string& channel) {
  std::vector<std::optional<std::string>> codes;
  for (const std::string& c : query.service_codes) codes.emplace_back(c);
  if (codes.empty()) codes.emplace_back(std::nullopt);
  std::vector<std::optional<std::string>> statuses;
  for (const std::string& s : query.open311_statuses) {
    for (const std::string& ticket_status : TicketStatusesOf(s)) statuses.emplace_back(ticket_status);
  }
  if (statuses.empty()) statuses.emplace_back(std::nullopt);

  std::vector<std::string> out;
  for (const auto& code : codes) {
    for (const auto& status : statuses) {
      json::object q{{"opened_from", query.opened_from},
                     {"opened_to", query.opened_to},
                     {"limit", query.limit}};
      if (!channel.empty()) q["channel"] = channel;
      if (code) q["subcategory"] = *code;
      if (status) q["status"] = *status;
      out.push_back(json::serialize(q));
    }
  }
  return out;
}

}  // namespace rexian::web
