// Digests: SHA-256 and HMAC-SHA256 as lower-case hex, through OpenSSL.
#pragma once

#include <string>
#include <string_view>

namespace rexian {

// Lower-case hex SHA-256 of `data` (64 characters); "" only if OpenSSL fails.
std::string Sha256Hex(std::string_view data);

// Lower-case hex HMAC-SHA256 of `data` under `key` (64 characters); "" only
// if OpenSSL fails.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

}  // namespace rexian
