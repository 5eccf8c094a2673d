// TokenDigest: SHA-256 through OpenSSL EVP.
#include "token_digest.h"

#include <openssl/evp.h>

namespace rexian::config_internal {

std::string TokenSha256Hex(std::string_view token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(token.data(), token.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    return "";  // matches no stored hash: a failed digest never authenticates
  }
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0f];
  }
  return hex;
}

}  // namespace rexian::config_internal
