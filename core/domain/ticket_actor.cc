// Actors: configured users in a role, or the process's own reactors.
#include <utility>

#include "rexian/ticket.h"

namespace rexian::ticket {

Actor UserActor(std::string user, Role role, std::string department) {
  return Actor{ActorKind::kUser, std::move(user), role, std::move(department)};
}

Actor SystemActor(std::string reactor) {
  return Actor{ActorKind::kSystem, std::move(reactor), Role::kAgent, {}};
}

std::string_view ActorRoleName(const Actor& actor) {
  return actor.kind == ActorKind::kSystem ? std::string_view("system") : RoleName(actor.role);
}

}  // namespace rexian::ticket
