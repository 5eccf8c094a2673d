// Translation of POST /v1/tickets/{id}/{action} bodies into domain commands.
#pragma once

#include <string_view>

#include "api/json_body.h"
#include "rexian/ticket.h"
#include "service/ticket_service.h"

namespace rexian::api {

// True for actions that need routing and SLA planning (dispatch,
// redispatch, reopen): their bodies parse into a DispatchRequest.
bool IsDispatchAction(std::string_view action);

// Parses the body of a dispatch-like action.
DispatchRequest ParseDispatchRequest(JsonBody& body);

// The command for any other action; NotFound for an unknown action. Field
// problems are left in body.status().
Result<ticket::Command> ParseCommand(std::string_view action, JsonBody& body);

}  // namespace rexian::api
