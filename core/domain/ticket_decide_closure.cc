// Decide for the end of a ticket's life: follow-up (回访), reopen (重办), close (归档).
#include <string>

#include "ticket_assignment.h"
#include "ticket_decide.h"
#include "ticket_errors.h"
#include "ticket_fields.h"
#include "ticket_payloads.h"

namespace rexian::ticket {
namespace {

// The reopened event's cause, from the follow-up of the latest resolution.
std::string_view ReopenCause(const FollowUp& follow_up) {
  if (follow_up.rating == Rating::kDissatisfied) return "dissatisfied";
  if (!follow_up.solved) return "not_solved";
  return "supervisor";
}

bool IsSupervisor(const Actor& actor) {
  return actor.kind == ActorKind::kUser &&
         (actor.role == Role::kSupervisor || actor.role == Role::kAdmin);
}

}  // namespace

Result<Events> DecideCommand(const TicketState& state, const RecordFollowUp& command,
                             const CommandContext&) {
  constexpr std::string_view kName = "record_follow_up";
  if (state.status == TicketStatus::kFollowedUp) {
    return StateConflict(state, kName, "twice: this resolution was already rated");
  }
  if (state.status != TicketStatus::kResolved) {
    return StateConflict(state, kName, "before it is resolved");
  }
  FieldCheck check(kName);
  check.Text("comment", command.comment, 2000);
  if (!check.status().ok()) return check.status();
  return Events{MakeEvent(event_type::kFollowedUp, FollowedUpPayload(command))};
}

Result<Events> DecideCommand(const TicketState& state, const Reopen& command,
                             const CommandContext& context) {
  constexpr std::string_view kName = "reopen";
  if (state.status != TicketStatus::kFollowedUp || state.follow_ups.empty()) {
    return StateConflict(state, kName, "before the citizen was followed up");
  }
  if (Status status = CheckDispatchesLeft(state, kName); !status.ok()) return status;
  // Agents reopen what the citizen did not accept; overriding a satisfied,
  // solved rating is a supervisor's call.
  const std::string_view cause = ReopenCause(state.follow_ups.back());
  if (cause == "supervisor" && !IsSupervisor(context.actor)) {
    return Status::PermissionDenied("role '" + std::string(ActorRoleName(context.actor)) +
                                    "' may not 'reopen' ticket " + state.number +
                                    ", which the citizen rated " +
                                    std::string(RatingName(state.follow_ups.back().rating)) +
                                    " and solved: only a supervisor may");
  }
  FieldCheck check(kName);
  check.Text("reason", command.reason, 2000);
  CheckDeadlines(check, command.deadline, command.acknowledge_deadline, context.occurred_at);
  check.Code("sla_policy_id", command.sla_policy_id, CodeShape::kConfigId);
  if (!check.status().ok()) return check.status();
  // Back to the same departments as a new dispatch with the new deadline.
  Assignment assignment{state.lead_department, state.assisting_departments,
                        command.deadline,      command.acknowledge_deadline,
                        command.sla_policy_id, state.routing_rule_id,
                        std::nullopt};
  return Events{
      MakeEvent(event_type::kReopened, ReopenedPayload(cause, command.reason)),
      MakeEvent(event_type::kRedispatched, DispatchedPayload(state.dispatch_number + 1, assignment,
                                                             command.reason, context.utc_offset))};
}

Result<Events> DecideCommand(const TicketState& state, const Close& command,
                             const CommandContext&) {
  constexpr std::string_view kName = "close";
  std::string_view outcome;
  switch (state.status) {
    case TicketStatus::kAnswered:
      outcome = "answered";
      break;
    case TicketStatus::kResolved:    // no follow-up: e.g. anonymous or unreachable
    case TicketStatus::kFollowedUp:  // whatever the rating
      outcome = "resolved";
      break;
    default:
      return StateConflict(state, kName, "before it is answered or resolved");
  }
  FieldCheck check(kName);
  check.Text("note", command.note, 2000);
  if (!check.status().ok()) return check.status();
  return Events{MakeEvent(event_type::kClosed, ClosedPayload(outcome, command.note))};
}

}  // namespace rexian::ticket
