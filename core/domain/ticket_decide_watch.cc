// Decide for the deadline watcher's commands: warn once before a deadline,
// mark it overdue once after, only for the deadline in force.
#include <algorithm>
#include <string>

#include "ticket_decide.h"
#include "ticket_errors.h"
#include "ticket_payloads.h"
#include "ticket_time.h"

namespace rexian::ticket {
namespace {

bool Contains(const std::vector<Time>& deadlines, Time deadline) {
  return std::find(deadlines.begin(), deadlines.end(), deadline) != deadlines.end();
}

const DeadlineWatch& WatchOf(const TicketState& state, DeadlineStage stage) {
  return stage == DeadlineStage::kAcknowledgement ? state.acknowledgement_watch
                                                  : state.resolution_watch;
}

// The stage's deadline in force, or Conflict when the stage has none now:
// acknowledgement runs while dispatched, resolution while dispatched or
// acknowledged.
Result<Time> DeadlineInForce(const TicketState& state, DeadlineStage stage,
                             std::string_view command) {
  if (stage == DeadlineStage::kAcknowledgement) {
    if (state.status != TicketStatus::kDispatched) {
      return StateConflict(state, command,
                           "for an acknowledgement deadline unless it is dispatched");
    }
    if (!state.acknowledge_deadline) {
      return StateConflict(state, command,
                           "for an acknowledgement deadline its dispatch did not set");
    }
    return *state.acknowledge_deadline;
  }
  if ((state.status != TicketStatus::kDispatched && state.status != TicketStatus::kAcknowledged) ||
      !state.deadline) {
    return StateConflict(state, command, "for a resolution deadline unless it awaits resolution");
  }
  return *state.deadline;
}

// Shared by WarnDeadline (overdue == false) and MarkOverdue.
Result<Events> DecideDeadlineNotice(const TicketState& state, DeadlineStage stage, Time deadline,
                                    bool overdue, const CommandContext& context) {
  const std::string_view name = overdue ? "mark_overdue" : "warn_deadline";
  const DeadlineWatch& watch = WatchOf(state, stage);
  // A repeat, or a replay for a deadline reported earlier in this dispatch.
  if (Contains(watch.overdue, deadline) || (!overdue && Contains(watch.warned, deadline))) {
    return Events{};
  }
  Result<Time> in_force = DeadlineInForce(state, stage, name);
  if (!in_force.ok()) return in_force.status();
  const std::string text = FormatTime(deadline, context.utc_offset);
  if (deadline != *in_force) {
    return StateConflict(state, name,
                         "for deadline " + text + ": the deadline in force is " +
                             FormatTime(*in_force, context.utc_offset));
  }
  if (overdue && context.occurred_at <= deadline) {
    return StateConflict(state, name, "before deadline " + text + " has passed");
  }
  if (!overdue && context.occurred_at >= deadline) {
    return StateConflict(state, name, "after deadline " + text + " has passed");
  }
  return Events{
      MakeEvent(overdue ? event_type::kOverdue : event_type::kDeadlineWarning,
                DeadlinePayload(stage, state.lead_department, deadline, context.utc_offset))};
}

}  // namespace

Result<Events> DecideCommand(const TicketState& state, const WarnDeadline& command,
                             const CommandContext& context) {
  return DecideDeadlineNotice(state, command.stage, command.deadline, false, context);
}

Result<Events> DecideCommand(const TicketState& state, const MarkOverdue& command,
                             const CommandContext& context) {
  return DecideDeadlineNotice(state, command.stage, command.deadline, true, context);
}

}  // namespace rexian::ticket
