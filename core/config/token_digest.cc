// TokenDigest: SHA-256 of a bearer token (rexian/digest.h).
#include "token_digest.h"

#include "rexian/digest.h"

namespace rexian::config_internal {

// A failed digest is "", which matches no stored hash: it never authenticates.
std::string TokenSha256Hex(std::string_view token) { return Sha256Hex(token); }

}  // namespace rexian::config_internal
