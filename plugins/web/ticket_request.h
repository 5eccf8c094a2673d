// The Open311 service request of one ticket, from the host's public view of
// it (rexian_host_api.get_ticket / list_tickets).
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "web/expected.h"
#include "web/open311_model.h"
#include "web/service_catalogue.h"

namespace rexian::web {

// "closed" when the request has been answered or resolved (statuses
// answered, resolved, followed_up, closed, merged): the spec defines closed
// as "it has been resolved". "open" for every other status.
std::string Open311StatusOf(std::string_view ticket_status);

// The ticket statuses that make up an Open311 status ("open" or "closed").
// REQUIRES: the argument is "open" or "closed".
const std::vector<std::string>& TicketStatusesOf(std::string_view open311_status);

// Maps one ticket document:
//   service_request_id  <- number
//   status              <- Open311StatusOf(status)
//   status_notes        <- reply (a string, or an object's "text"); null when none
//   service_code / name <- classification.subcategory and its catalogue name
//   agency_responsible  <- the lead department's name; null before dispatch
//   requested_datetime  <- opened_at
//   updated_datetime    <- updated_at when the host gives it; else for a
//                          closed request when it was closed (closed_at,
//                          resolved_at or answered_at), for an open one the
//                          latest time the document carries
//   expected_datetime   <- deadline; null before dispatch
// Fails naming the member when number, status or opened_at is missing.
Expected<ServiceRequest> RequestFromTicket(const boost::json::object& ticket,
                                           const ServiceCatalogue& catalogue);

}  // namespace rexian::web
