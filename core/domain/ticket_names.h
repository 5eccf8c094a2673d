// Stable payload spellings of the ticket enums, both ways (private to the domain).
#pragma once

#include <optional>
#include <string_view>

#include "rexian/ticket.h"

namespace rexian::ticket {

// Names as the v1 event schemas spell them.
std::string_view LevelName(Level level);
std::string_view UrgencyName(Urgency urgency);
std::string_view FollowUpMethodName(FollowUpMethod method);
std::string_view ReturnReasonName(ReturnReason reason);
std::string_view AttachmentKindName(AttachmentKind kind);
std::string_view DeadlineStageName(DeadlineStage stage);

// The reverse, for Evolve; nullopt for a spelling this build does not know.
std::optional<Level> ParseLevel(std::string_view name);
std::optional<Urgency> ParseUrgency(std::string_view name);
std::optional<Rating> ParseRating(std::string_view name);
std::optional<DeadlineStage> ParseDeadlineStage(std::string_view name);

}  // namespace rexian::ticket
