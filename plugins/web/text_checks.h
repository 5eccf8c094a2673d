// Text checks shared by the decoders and renderers: UTF-8 validity, length in
// characters, and characters XML 1.0 cannot carry.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rexian::web {

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates,
// nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

// Code points in `text`. REQUIRES: IsValidUtf8(text).
std::size_t Utf8Length(std::string_view text);

// `text` without the control characters XML 1.0 forbids (all below U+0020
// except tab, line feed and carriage return). REQUIRES: IsValidUtf8(text).
std::string XmlSafe(std::string_view text);

}  // namespace rexian::web
