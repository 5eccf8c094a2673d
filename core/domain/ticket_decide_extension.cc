// Decide for extensions (延期): the lead department asks before its deadline,
// the platform approves (the new deadline is then in force) or refuses.
#include <string>

#include "ticket_access.h"
#include "ticket_decide.h"
#include "ticket_errors.h"
#include "ticket_fields.h"
#include "ticket_payloads.h"
#include "ticket_time.h"

namespace rexian::ticket {
namespace {

// OK when an extension request awaits the platform's decision.
Status RequirePendingExtension(const TicketState& state, std::string_view command) {
  if (state.status == TicketStatus::kAcknowledged && state.pending_extension) return Status::OK();
  if (state.status == TicketStatus::kAcknowledged) {
    return StateConflict(state, command, "without a pending extension request");
  }
  return StateConflict(state, command, "unless it is acknowledged with an extension request");
}

}  // namespace

Result<Events> DecideCommand(const TicketState& state, const RequestExtension& command,
                             const CommandContext& context) {
  constexpr std::string_view kName = "request_extension";
  if (state.status != TicketStatus::kAcknowledged || !state.deadline) {
    return StateConflict(state, kName, "unless it is acknowledged and not yet resolved");
  }
  if (state.pending_extension) {
    return StateConflict(state, kName, "while another extension request is pending");
  }
  if (context.occurred_at >= *state.deadline) {
    return StateConflict(
        state, kName,
        "after its deadline " + FormatTime(*state.deadline, context.utc_offset) + " has passed");
  }
  if (Status status = RequireLeadDepartment(state, context.actor, kName); !status.ok()) {
    return status;
  }
  FieldCheck check(kName);
  check.Writable("requested_deadline", command.requested_deadline)
      .Require(command.requested_deadline > *state.deadline, "requested_deadline",
               "must be later than the deadline in force")
      .Text("reason", command.reason, 2000);
  if (!check.status().ok()) return check.status();
  return Events{
      MakeEvent(event_type::kExtensionRequested,
                ExtensionRequestedPayload(state.lead_department, command, context.utc_offset))};
}

Result<Events> DecideCommand(const TicketState& state, const ApproveExtension& command,
                             const CommandContext& context) {
  constexpr std::string_view kName = "approve_extension";
  if (Status status = RequirePendingExtension(state, kName); !status.ok()) return status;
  FieldCheck check(kName);
  check.Writable("new_deadline", command.new_deadline)
      .Require(state.deadline && command.new_deadline > *state.deadline, "new_deadline",
               "must be later than the deadline in force")
      .Text("note", command.note, 2000);
  if (!check.status().ok()) return check.status();
  return Events{MakeEvent(
      event_type::kExtensionApproved,
      ExtensionApprovedPayload(state.pending_extension->department, command, context.utc_offset))};
}

Result<Events> DecideCommand(const TicketState& state, const RefuseExtension& command,
                             const CommandContext&) {
  constexpr std::string_view kName = "refuse_extension";
  if (Status status = RequirePendingExtension(state, kName); !status.ok()) return status;
  FieldCheck check(kName);
  check.Text("reason", command.reason, 2000);
  if (!check.status().ok()) return check.status();
  return Events{
      MakeEvent(event_type::kExtensionRefused,
                ExtensionRefusedPayload(state.pending_extension->department, command.reason))};
}

}  // namespace rexian::ticket
