// Department scope checks: lead (主办) versus assisting (协办) versus strangers.
#include "ticket_access.h"

#include <algorithm>
#include <string>

#include "ticket_errors.h"

namespace rexian::ticket {
namespace {

bool IsDepartmentUser(const Actor& actor) {
  return actor.kind == ActorKind::kUser && actor.role == Role::kDepartment &&
         !actor.department.empty();
}

}  // namespace

bool IsLeadDepartment(const TicketState& state, const Actor& actor) {
  return IsDepartmentUser(actor) && actor.department == state.lead_department;
}

bool IsAssistingDepartment(const TicketState& state, const Actor& actor) {
  return IsDepartmentUser(actor) &&
         std::find(state.assisting_departments.begin(), state.assisting_departments.end(),
                   actor.department) != state.assisting_departments.end();
}

Status RequireLeadDepartment(const TicketState& state, const Actor& actor,
                             std::string_view command) {
  if (IsLeadDepartment(state, actor)) return Status::OK();
  return DepartmentDenied(state, actor, command,
                          "the lead department (" + state.lead_department + ")");
}

}  // namespace rexian::ticket
