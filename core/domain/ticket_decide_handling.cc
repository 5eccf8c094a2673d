// Decide for the handling of a dispatched ticket: acknowledge, return,
// progress notes, urging, supervision and resolution.
#include <string>

#include "ticket_access.h"
#include "ticket_decide.h"
#include "ticket_errors.h"
#include "ticket_fields.h"
#include "ticket_payloads.h"

namespace rexian::ticket {
namespace {

bool IsInHandling(TicketStatus status) {
  return status == TicketStatus::kDispatched || status == TicketStatus::kAcknowledged;
}

// Why a handling command cannot run in a status outside dispatched/acknowledged.
std::string_view NotInHandlingReason(TicketStatus status) {
  switch (status) {
    case TicketStatus::kReceived:
    case TicketStatus::kClassified:
    case TicketStatus::kAnswered:
      return "before it is dispatched";
    case TicketStatus::kReturned:
      return "while it is returned and awaits re-dispatch";
    default:
      return "after it was resolved";
  }
}

}  // namespace

Result<Events> DecideCommand(const TicketState& state, const Acknowledge&,
                             const CommandContext& context) {
  constexpr std::string_view kName = "acknowledge";
  if (state.status != TicketStatus::kDispatched) {
    return StateConflict(state, kName,
                         state.status == TicketStatus::kAcknowledged
                             ? std::string_view("twice")
                             : NotInHandlingReason(state.status));
  }
  if (Status status = RequireLeadDepartment(state, context.actor, kName); !status.ok()) {
    return status;
  }
  return Events{MakeEvent(event_type::kAcknowledged,
                          AcknowledgedPayload(state.dispatch_number, state.lead_department))};
}

Result<Events> DecideCommand(const TicketState& state, const Return& command,
                             const CommandContext& context) {
  constexpr std::string_view kName = "return";
  if (state.status != TicketStatus::kDispatched) {
    return StateConflict(state, kName,
                         state.status == TicketStatus::kAcknowledged
                             ? std::string_view("after it was acknowledged")
                             : NotInHandlingReason(state.status));
  }
  if (Status status = RequireLeadDepartment(state, context.actor, kName); !status.ok()) {
    return status;
  }
  FieldCheck check(kName);
  check.Text("reason", command.reason, 2000);
  if (!check.status().ok()) return check.status();
  return Events{MakeEvent(event_type::kReturned,
                          ReturnedPayload(state.dispatch_number, state.lead_department, command))};
}

Result<Events> DecideCommand(const TicketState& state, const AddProgressNote& command,
                             const CommandContext& context) {
  constexpr std::string_view kName = "add_progress_note";
  if (!IsInHandling(state.status)) {
    return StateConflict(state, kName, NotInHandlingReason(state.status));
  }
  // The lead and assisting departments note their own progress; the platform
  // notes without a department.
  std::optional<std::string> department;
  if (context.actor.kind == ActorKind::kUser && context.actor.role == Role::kDepartment) {
    if (!IsLeadDepartment(state, context.actor) && !IsAssistingDepartment(state, context.actor)) {
      return DepartmentDenied(state, context.actor, kName, "the lead or an assisting department");
    }
    department = context.actor.department;
  }
  FieldCheck check(kName);
  check.Text("text", command.text, 5000);
  if (!check.status().ok()) return check.status();
  return Events{
      MakeEvent(event_type::kProgressNoted, ProgressNotedPayload(department, command.text))};
}

Result<Events> DecideCommand(const TicketState& state, const Urge& command, const CommandContext&) {
  constexpr std::string_view kName = "urge";
  if (!IsInHandling(state.status)) {
    return StateConflict(state, kName, NotInHandlingReason(state.status));
  }
  FieldCheck check(kName);
  check.Text("note", command.note, 2000);
  if (!check.status().ok()) return check.status();
  return Events{
      MakeEvent(event_type::kUrged, AttentionPayload(state.lead_department, command.note))};
}

Result<Events> DecideCommand(const TicketState& state, const Supervise& command,
                             const CommandContext&) {
  constexpr std::string_view kName = "supervise";
  if (!IsInHandling(state.status)) {
    return StateConflict(state, kName, NotInHandlingReason(state.status));
  }
  FieldCheck check(kName);
  check.Text("note", command.note, 2000);
  if (!check.status().ok()) return check.status();
  return Events{
      MakeEvent(event_type::kSupervised, AttentionPayload(state.lead_department, command.note))};
}

Result<Events> DecideCommand(const TicketState& state, const Resolve& command,
                             const CommandContext& context) {
  constexpr std::string_view kName = "resolve";
  if (state.status != TicketStatus::kAcknowledged) {
    std::string_view why = NotInHandlingReason(state.status);
    if (state.status == TicketStatus::kDispatched) why = "before it is acknowledged";
    if (state.status == TicketStatus::kResolved || state.status == TicketStatus::kFollowedUp) {
      why = "twice: it is already resolved";
    }
    return StateConflict(state, kName, why);
  }
  if (Status status = RequireLeadDepartment(state, context.actor, kName); !status.ok()) {
    return status;
  }
  FieldCheck check(kName);
  check.Text("reply", command.reply, 10000);
  if (!check.status().ok()) return check.status();
  return Events{
      MakeEvent(event_type::kResolved, ResolvedPayload(state.lead_department, command.reply))};
}

}  // namespace rexian::ticket
