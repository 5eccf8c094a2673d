// One table of the ticket commands: each command's stable name and who may issue it.
#pragma once

#include <cstdint>
#include <string_view>

#include "rexian/ticket.h"

namespace rexian::ticket {

// A set of actors by kind: one bit per configured Role plus one for kSystem.
using ActorMask = std::uint16_t;

constexpr ActorMask Allow(Role role) {
  return static_cast<ActorMask>(1u << static_cast<unsigned>(role));
}
inline constexpr ActorMask kAgent = Allow(Role::kAgent);
inline constexpr ActorMask kDepartment = Allow(Role::kDepartment);
inline constexpr ActorMask kSupervisor = Allow(Role::kSupervisor);
inline constexpr ActorMask kIntegrator = Allow(Role::kIntegrator);
inline constexpr ActorMask kAdmin = Allow(Role::kAdmin);
inline constexpr ActorMask kSystem = 1u << 15;
// The platform's own staff: agents, supervisors, administrators.
inline constexpr ActorMask kPlatform = kAgent | kSupervisor | kAdmin;

// CommandTraits<C>::kName is the command's snake_case name; kActors the
// actors that may issue it. Operators only watch: no command lists them.
template <typename C>
struct CommandTraits;

#define REXIAN_TICKET_COMMAND(Type, name, actors)   \
  template <>                                       \
  struct CommandTraits<Type> {                      \
    static constexpr std::string_view kName = name; \
    static constexpr ActorMask kActors = actors;    \
  }

REXIAN_TICKET_COMMAND(Open, "open", kPlatform | kIntegrator | kSystem);
REXIAN_TICKET_COMMAND(Classify, "classify", kPlatform | kSystem);
REXIAN_TICKET_COMMAND(AnswerOnFirstContact, "answer_on_first_contact", kPlatform);
REXIAN_TICKET_COMMAND(Dispatch, "dispatch", kPlatform | kSystem);
REXIAN_TICKET_COMMAND(Acknowledge, "acknowledge", kDepartment);
REXIAN_TICKET_COMMAND(Return, "return", kDepartment);
REXIAN_TICKET_COMMAND(Redispatch, "redispatch", kPlatform | kSystem);
REXIAN_TICKET_COMMAND(AddProgressNote, "add_progress_note", kDepartment | kPlatform);
REXIAN_TICKET_COMMAND(RequestExtension, "request_extension", kDepartment);
REXIAN_TICKET_COMMAND(ApproveExtension, "approve_extension", kSupervisor | kAdmin);
REXIAN_TICKET_COMMAND(RefuseExtension, "refuse_extension", kSupervisor | kAdmin);
REXIAN_TICKET_COMMAND(Urge, "urge", kPlatform);
REXIAN_TICKET_COMMAND(Supervise, "supervise", kSupervisor | kAdmin);
REXIAN_TICKET_COMMAND(Resolve, "resolve", kDepartment);
REXIAN_TICKET_COMMAND(RecordFollowUp, "record_follow_up", kPlatform | kIntegrator);
REXIAN_TICKET_COMMAND(Reopen, "reopen", kPlatform);
REXIAN_TICKET_COMMAND(Close, "close", kPlatform | kSystem);
REXIAN_TICKET_COMMAND(MergeInto, "merge_into", kPlatform);
REXIAN_TICKET_COMMAND(WarnDeadline, "warn_deadline", kSystem);
REXIAN_TICKET_COMMAND(MarkOverdue, "mark_overdue", kSystem);
REXIAN_TICKET_COMMAND(AddContact, "add_contact", kPlatform | kIntegrator | kSystem);

#undef REXIAN_TICKET_COMMAND

// The actor's bit in an ActorMask.
constexpr ActorMask MaskOf(const Actor& actor) {
  return actor.kind == ActorKind::kSystem ? kSystem : Allow(actor.role);
}

}  // namespace rexian::ticket
