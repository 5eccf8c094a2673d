// The /v1/tickets HTTP API: commands and queries on work orders.
#pragma once

#include <functional>

#include "projections/ticket_view.h"
#include "rexian/config.h"
#include "rexian/http.h"
#include "rexian/projection.h"
#include "service/ticket_service.h"

namespace rexian::api {

// What the ticket routes work with. REQUIRES: every pointer outlives the
// server the routes are registered on.
struct TicketApiContext {
  const Config* config = nullptr;
  TicketService* service = nullptr;
  TicketView* view = nullptr;
  ProjectionRunner* view_runner = nullptr;  // for min_position waits
  std::function<ticket::Time()> clock;      // domain "now"
};

// Registers POST /v1/tickets, POST /v1/tickets/{id}/{action},
// GET /v1/tickets, GET /v1/tickets/{id}, GET /v1/tickets/{id}/history
// (described in schemas/openapi.yaml).
void AddTicketRoutes(HttpServer* server, const TicketApiContext* context);

// The HTTP response for a failed command or query: NotFound 404,
// PermissionDenied 403, Conflict 409, InvalidArgument 422 (400 when
// `malformed`), NoSpace and Unavailable 503, anything else 500.
HttpResponse ProblemFor(const Status& status, bool malformed = false);

}  // namespace rexian::api
