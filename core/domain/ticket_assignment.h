// Checks shared by the commands that (re)dispatch a ticket: Dispatch,
// Redispatch and Reopen (private to the domain).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "rexian/ticket.h"
#include "ticket_fields.h"

namespace rexian::ticket {

// The schemas' bound on dispatch_number: the 1000th dispatch is the last.
inline constexpr std::uint32_t kMaxDispatches = 1000;

// The deadlines of a dispatch: `deadline` after `now`; the acknowledgement
// deadline, if any, after `now` and not after `deadline`.
void CheckDeadlines(FieldCheck& check, Time deadline,
                    const std::optional<Time>& acknowledge_deadline, Time now);

// Every field of `assignment`: department codes, the lead not among at most
// 20 distinct assisting departments, the deadlines as above, the ids and the
// instructions.
void CheckAssignment(FieldCheck& check, const Assignment& assignment, Time now);

// OK while another dispatch is possible; Conflict naming the state otherwise.
Status CheckDispatchesLeft(const TicketState& state, std::string_view command);

}  // namespace rexian::ticket
