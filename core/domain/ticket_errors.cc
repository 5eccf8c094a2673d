// Builders of the domain's error messages.
#include "ticket_errors.h"

#include <string>

namespace rexian::ticket {

Status NotOpened(std::string_view command) {
  return Status::NotFound("ticket is 'new': cannot '" + std::string(command) +
                          "' a ticket that has not been opened");
}

Status StateConflict(const TicketState& state, std::string_view command, std::string_view why) {
  std::string message = "ticket " + state.number + " is '" + std::string(StatusName(state.status)) +
                        "': cannot '" + std::string(command) + "'";
  if (!why.empty()) message += " " + std::string(why);
  return Status::Conflict(std::move(message));
}

Status RoleDenied(const Actor& actor, std::string_view command) {
  const std::string who = actor.kind == ActorKind::kSystem
                              ? "system actor '" + actor.user + "'"
                              : "role '" + std::string(ActorRoleName(actor)) + "'";
  return Status::PermissionDenied(who + " may not '" + std::string(command) + "' a ticket");
}

Status DepartmentDenied(const TicketState& state, const Actor& actor, std::string_view command,
                        std::string_view relation) {
  const std::string who = actor.department.empty() ? "a department user without a department"
                                                   : "department " + actor.department;
  return Status::PermissionDenied(who + " is not " + std::string(relation) + " of ticket " +
                                  state.number + ": cannot '" + std::string(command) + "'");
}

Status FieldInvalid(std::string_view command, std::string_view field, std::string_view problem) {
  return Status::InvalidArgument("cannot '" + std::string(command) + "': " + std::string(field) +
                                 " " + std::string(problem));
}

}  // namespace rexian::ticket
