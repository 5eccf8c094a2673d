// TokenDigest: the SHA-256 under which bearer tokens are stored and looked up.
#pragma once

#include <string>
#include <string_view>

namespace rexian::config_internal {

// Lower-case hex SHA-256 of `token` (64 characters). Uses OpenSSL's EVP.
std::string TokenSha256Hex(std::string_view token);

}  // namespace rexian::config_internal
