// Sign and SignatureMatches over OpenSSL's SHA-1.
#include "wechat/signature.h"

#include <openssl/evp.h>

#include <algorithm>

namespace rexian::wechat {

namespace {

// SHA-1 fetched once: OpenSSL 3's implicit fetch behind EVP_sha1() costs a
// few microseconds on every digest. Kept for the process's life (one small
// object; the plugin may be unloaded, OpenSSL is not).
const EVP_MD* Sha1() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  return md;
}

}  // namespace

std::string Sign(std::vector<std::string_view> parts) {
  std::sort(parts.begin(), parts.end());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestInit_ex(ctx, Sha1(), nullptr);
  for (std::string_view part : parts) EVP_DigestUpdate(ctx, part.data(), part.size());
  EVP_DigestFinal_ex(ctx, digest, &length);
  EVP_MD_CTX_free(ctx);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

bool SignatureMatches(std::string_view received, std::string_view expected) {
  if (received.size() != expected.size() || expected.empty()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(received[i]);
    if (c >= 'A' && c <= 'F') c = static_cast<unsigned char>(c - 'A' + 'a');
    diff = static_cast<unsigned char>(diff | (c ^ static_cast<unsigned char>(expected[i])));
  }
  return diff == 0;
}

}  // namespace rexian::wechat
