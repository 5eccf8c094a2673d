// The per-command halves of ticket::Decide (private to the domain).
//
// Decide (ticket_decide.cc) checks what every command shares -- the actor's
// role, that the ticket exists and is not closed or merged -- and then calls
// DecideCommand for the command's type. Each DecideCommand checks, in order:
// the state (Conflict), the department (PermissionDenied), the fields
// (InvalidArgument), and returns the events.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>
#include <vector>

#include "rexian/status.h"
#include "rexian/ticket.h"

namespace rexian::ticket {

using Events = std::vector<PendingEvent>;

// One schema-v1 event.
PendingEvent MakeEvent(std::string_view type, boost::json::object payload);

// ticket_decide_intake.cc
Result<Events> DecideCommand(const TicketState& state, const Open& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const Classify& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const AnswerOnFirstContact& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const Dispatch& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const Redispatch& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const MergeInto& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const AddContact& command,
                             const CommandContext& context);

// ticket_decide_handling.cc
Result<Events> DecideCommand(const TicketState& state, const Acknowledge& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const Return& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const AddProgressNote& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const Urge& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const Supervise& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const Resolve& command,
                             const CommandContext& context);

// ticket_decide_extension.cc
Result<Events> DecideCommand(const TicketState& state, const RequestExtension& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const ApproveExtension& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const RefuseExtension& command,
                             const CommandContext& context);

// ticket_decide_closure.cc
Result<Events> DecideCommand(const TicketState& state, const RecordFollowUp& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const Reopen& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const Close& command,
                             const CommandContext& context);

// ticket_decide_watch.cc
Result<Events> DecideCommand(const TicketState& state, const WarnDeadline& command,
                             const CommandContext& context);
Result<Events> DecideCommand(const TicketState& state, const MarkOverdue& command,
                             const CommandContext& context);

}  // namespace rexian::ticket
