// EventMetadata: the metadata JSON every service-written event carries.
#pragma once

#include <chrono>
#include <string>

#include "rexian/ticket.h"

namespace rexian {

// {"actor": {"user", "role"}, "occurred_at", "citizen"?, "channel"?} per
// schemas/metadata.schema.json. `citizen` (a pseudonym) and `channel` are
// left out when empty; times are spelled with `utc_offset`.
std::string EventMetadataJson(const ticket::Actor& actor, ticket::Time occurred_at,
                              std::chrono::minutes utc_offset, const std::string& citizen,
                              const std::string& channel);

}  // namespace rexian
