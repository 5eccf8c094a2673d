// SHA-256 through OpenSSL's EVP interface, and the key lookup.
#include "web/api_keys.h"

#include <openssl/evp.h>

namespace rexian::web {

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

ApiKeyRing::ApiKeyRing(const std::vector<ApiClient>& clients) {
  for (const ApiClient& client : clients) by_hash_.emplace(client.key_sha256, client);
}

const ApiClient* ApiKeyRing::Find(std::string_view presented_key) const {
  if (presented_key.empty()) return nullptr;
  auto it = by_hash_.find(Sha256Hex(presented_key));
  return it == by_hash_.end() ? nullptr : &it->second;
}

}  // namespace rexian::web
