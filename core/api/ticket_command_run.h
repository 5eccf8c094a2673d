// RunTicketCommand: one work-order command from its action name and body to
// the log, shared by POST /v1/tickets/{id}/{action} and the plugins'
// ticket_command (rexian/plugin.h), so both accept and refuse alike.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "api/json_body.h"
#include "rexian/ticket.h"
#include "service/ticket_service.h"

namespace rexian::api {

// One command as the caller authenticated it. The caller has already
// checked that its actor may issue commands at all; the domain decides
// whether the actor's role may issue this one.
struct TicketCommandRequest {
  std::string ticket_id;  // "ticket-<number>"
  std::string action;     // "follow-up", "note", "dispatch", ...
  std::optional<std::uint64_t> expected_version;  // nullopt: the version just loaded
  ticket::Actor actor;
  ticket::Time now{};
  // The events' id prefix ("cmd-<hash>"), already scoped to the caller; ""
  // for none. When an event with this prefix exists, the command is not run
  // again: the original outcome is answered, duplicate = true.
  std::string idempotency_key;
};

// The outcome: the command's result, or why it was not run. `malformed`
// marks a body that could not be read as the action's (HTTP 400 rather than
// 422).
struct TicketCommandOutcome {
  Result<TicketCommandResult> result = Status::NotFound("");
  bool malformed = false;
};
using TicketCommandDone = std::function<void(TicketCommandOutcome)>;

// Parses `body` as `request.action`'s body (dispatch-like actions are
// planned with routing and SLA policies against the loaded ticket), checks
// classification codes and a merge target, and runs the command through
// `service`. `done` runs exactly once, on this thread for a refusal or on a
// store thread once the events are durable. Errors: NotFound (unknown
// ticket or action), InvalidArgument naming the field, PermissionDenied and
// Conflict from the domain (a version conflict's message names "version").
void RunTicketCommand(TicketService* service, TicketCommandRequest request, JsonBody body,
                      TicketCommandDone done);

}  // namespace rexian::api
