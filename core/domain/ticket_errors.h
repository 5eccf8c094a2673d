// The domain's error convention: which Status code means what, with messages
// that name the ticket, its state and the command (see rexian/ticket.h).
#pragma once

#include <string_view>

#include "rexian/status.h"
#include "rexian/ticket.h"

namespace rexian::ticket {

// NotFound: "ticket is 'new': cannot '<command>' a ticket that has not been opened".
Status NotOpened(std::string_view command);

// Conflict: "ticket <number> is '<status>': cannot '<command>'[ <why>]".
Status StateConflict(const TicketState& state, std::string_view command, std::string_view why = {});

// PermissionDenied: "role '<role>' may not '<command>' a ticket" (or
// "system actor '<name>' ...").
Status RoleDenied(const Actor& actor, std::string_view command);

// PermissionDenied: "department <code> is not <relation> of ticket <number>:
// cannot '<command>'", relation e.g. "the lead department (3203-019)".
Status DepartmentDenied(const TicketState& state, const Actor& actor, std::string_view command,
                        std::string_view relation);

// InvalidArgument: "cannot '<command>': <field> <problem>".
Status FieldInvalid(std::string_view command, std::string_view field, std::string_view problem);

}  // namespace rexian::ticket
