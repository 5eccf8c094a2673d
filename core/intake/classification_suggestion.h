// ClassificationSuggestion: a first classification from the taxonomy's keywords.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "rexian/config.h"
#include "rexian/ticket.h"

namespace rexian {

// Suggests a classification for a request text, for contacts that arrive
// without one. The sub-category is the one whose keywords occur most often
// in `text` (distinct keywords; a tie goes to the larger number of matched
// characters, then to the earlier sub-category in the taxonomy); its domain
// follows. The type is chosen the same way among the types' keywords,
// defaulting to the first type ("help", the most frequent) when none
// matches. nullopt when no sub-category keyword occurs: the ticket then
// opens unclassified and an agent classifies it. Codes are spelled as the
// ticket events spell them: type and domain keys, sub-category code.
std::optional<ticket::Classification> SuggestClassification(const Taxonomy& taxonomy,
                                                            std::string_view text);

// The type part of SuggestClassification alone: the key of the type whose
// keywords match best, or of the first type. REQUIRES: at least one type.
std::string SuggestTypeKey(const Taxonomy& taxonomy, std::string_view text);

}  // namespace rexian
