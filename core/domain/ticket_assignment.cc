// Validation of a dispatch's departments, deadlines and ids.
#include "ticket_assignment.h"

#include <algorithm>
#include <string>

#include "ticket_errors.h"

namespace rexian::ticket {

void CheckDeadlines(FieldCheck& check, Time deadline,
                    const std::optional<Time>& acknowledge_deadline, Time now) {
  check.Writable("deadline", deadline)
      .Require(deadline > now, "deadline", "must be later than the command's time");
  if (acknowledge_deadline) {
    check.Writable("acknowledge_deadline", *acknowledge_deadline);
    check.Require(*acknowledge_deadline > now, "acknowledge_deadline",
                  "must be later than the command's time");
    check.Require(*acknowledge_deadline <= deadline, "acknowledge_deadline",
                  "must not be later than the deadline");
  }
}

void CheckAssignment(FieldCheck& check, const Assignment& assignment, Time now) {
  check.Code("lead_department", assignment.lead_department, CodeShape::kOrganisationCode);
  const std::vector<std::string>& assisting = assignment.assisting_departments;
  check.Require(assisting.size() <= 20, "assisting_departments", "must have at most 20 items");
  for (std::size_t i = 0; i < assisting.size(); ++i) {
    check.Code("assisting_departments", assisting[i], CodeShape::kOrganisationCode);
    check.Require(assisting[i] != assignment.lead_department, "assisting_departments",
                  "must not include the lead department");
    check.Require(std::find(assisting.begin(), assisting.begin() + static_cast<long>(i),
                            assisting[i]) == assisting.begin() + static_cast<long>(i),
                  "assisting_departments", "must not repeat a department");
  }
  CheckDeadlines(check, assignment.deadline, assignment.acknowledge_deadline, now);
  check.Code("sla_policy_id", assignment.sla_policy_id, CodeShape::kConfigId)
      .Code("routing_rule_id", assignment.routing_rule_id, CodeShape::kConfigId)
      .Text("instructions", assignment.instructions, 2000);
}

Status CheckDispatchesLeft(const TicketState& state, std::string_view command) {
  if (state.dispatch_number < kMaxDispatches) return Status::OK();
  return StateConflict(state, command,
                       "again: it was dispatched " + std::to_string(kMaxDispatches) + " times");
}

}  // namespace rexian::ticket
