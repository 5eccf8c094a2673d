// The shapes of identifiers plugins accept in their configuration: names of
// configured things (feeds, accounts, client applications) and SHA-256
// digests of keys.
#pragma once

#include <cstddef>
#include <string_view>

namespace rexian::plugin_kit {

// True when `text` is a name of 1 to `max_size` characters: a lower-case
// ASCII letter or digit first, then those or any of `inner_punctuation`
// (e.g. "_-": the names [a-z0-9][a-z0-9_-]{0,31} for max_size 32).
bool IsLowerName(std::string_view text, std::size_t max_size, std::string_view inner_punctuation);

// True when `text` is 64 lower-case hex digits: the form in which plugins
// keep SHA-256 digests of API keys (never the keys themselves).
bool IsSha256Hex(std::string_view text);

}  // namespace rexian::plugin_kit
