// ticket::Decide: the checks every command shares, then the command's own.
#include "ticket_decide.h"

#include <string>
#include <utility>

#include "ticket_command_traits.h"
#include "ticket_errors.h"

namespace rexian::ticket {
namespace {

bool MayIssue(const Command& command, const Actor& actor) {
  const ActorMask allowed = std::visit(
      [](const auto& c) { return CommandTraits<std::decay_t<decltype(c)>>::kActors; }, command);
  return (allowed & MaskOf(actor)) != 0;
}

// Why nothing more can happen to a closed or merged ticket.
std::string TerminalReason(const TicketState& state) {
  if (state.status == TicketStatus::kMerged) {
    return "after it was merged into " + state.merged_into.value_or("another ticket");
  }
  return "after it was closed";
}

}  // namespace

PendingEvent MakeEvent(std::string_view type, boost::json::object payload) {
  return PendingEvent{std::string(type), 1, std::move(payload)};
}

Result<std::vector<PendingEvent>> Decide(const TicketState& state, const Command& command,
                                         const CommandContext& context) {
  const std::string_view name = CommandName(command);
  if (!MayIssue(command, context.actor)) return RoleDenied(context.actor, name);
  if (state.status == TicketStatus::kNew && !std::holds_alternative<Open>(command)) {
    return NotOpened(name);
  }
  if (IsTerminal(state.status)) return StateConflict(state, name, TerminalReason(state));
  if (context.utc_offset <= -std::chrono::hours{24} ||
      context.utc_offset >= std::chrono::hours{24}) {
    return FieldInvalid(name, "utc_offset", "must be strictly between -24:00 and +24:00");
  }
  return std::visit([&](const auto& c) { return DecideCommand(state, c, context); }, command);
}

}  // namespace rexian::ticket
