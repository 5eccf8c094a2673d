// Times as Open311 writes them: the W3C profile of ISO 8601 with a zone.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rexian::web {

using Seconds = std::chrono::sys_seconds;

// Parses "2010-01-01T00:00:00Z", "2010-01-01T08:00:00+08:00" or the same
// with fractional seconds (dropped). The zone is required, as the spec says;
// nullopt for anything else.
std::optional<Seconds> ParseW3Time(std::string_view text);

// "2010-01-01T00:00:00Z".
std::string FormatUtc(Seconds t);

// "2010-01-01 00:00" (UTC): the sortable form of a discovery changeset.
std::string FormatChangeset(Seconds t);

}  // namespace rexian::web
