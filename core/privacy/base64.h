// Base64 (RFC 4648, standard alphabet, padded) for the nonce and ciphertext of sealed fields.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rexian::privacy {

// The padded base64 encoding of `bytes`.
std::string Base64Encode(std::string_view bytes);

// The bytes `text` encodes, or nullopt unless `text` is canonical padded base64 (length a multiple
// of 4, no whitespace, no characters outside the alphabet, zero padding bits) — exactly what
// Base64Encode produces, so a sealed value has one spelling.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace rexian::privacy
