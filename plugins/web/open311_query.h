// The arguments of Open311 GET requests, turned into the host's
// list_tickets queries.
#pragma once

#include <string>
#include <vector>

#include "web/form_decoding.h"
#include "web/open311_model.h"
#include "web/service_catalogue.h"
#include "web/time_text.h"

namespace rexian::web {

struct RequestsQuery {
  std::vector<std::string> ids;            // service_request_id list: overrides the rest
  std::vector<std::string> service_codes;  // empty: every service
  std::vector<std::string> open311_statuses;  // "open" and/or "closed"; empty: both
  std::string opened_from;                 // RFC 3339, inclusive
  std::string opened_to;                   // RFC 3339, exclusive
  int limit = 1000;
};

struct RequestsQueryOutcome {
  int http_status = 0;  // 0: `query` is set; else 400
  std::vector<Open311Error> errors;
  RequestsQuery query;
};

// Reads service_request_id (comma list, at most 100), service_code (comma
// list or repeated, at most 20, each a known service), status (open, closed,
// comma list), start_date and end_date (W3C date-times with a zone, at most
// 90 days apart; a missing one is 90 days from the other, both missing the
// last 90 days before `now`; end_date inclusive). `limit` is the most
// requests answered.
RequestsQueryOutcome ReadRequestsQuery(const FormFields& fields, Seconds now,
                                       const ServiceCatalogue& catalogue, int limit);

// The list_tickets query documents answering `query` (without ids): one per
// service code (or one for all) and per ticket status making up the asked
// Open311 status (or one for all), each with opened_from/opened_to, limit
// and, when `channel` is not empty, channel. The newest `limit` of their
// union are the newest `limit` overall.
std::vector<std::string> ListTicketsQueries(const RequestsQuery& query, const std::string& channel);

}  // namespace rexian::web
