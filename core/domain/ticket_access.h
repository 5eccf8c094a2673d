// Department scope: which department may act on a ticket (private to the domain).
#pragma once

#include <string_view>

#include "rexian/status.h"
#include "rexian/ticket.h"

namespace rexian::ticket {

// True when the actor is a department user of the ticket's lead department.
bool IsLeadDepartment(const TicketState& state, const Actor& actor);

// True when the actor is a department user of an assisting department.
bool IsAssistingDepartment(const TicketState& state, const Actor& actor);

// OK for the lead department's users; PermissionDenied naming the actor's
// department and the lead otherwise.
Status RequireLeadDepartment(const TicketState& state, const Actor& actor,
                             std::string_view command);

}  // namespace rexian::ticket
