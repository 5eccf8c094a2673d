// AES-256-GCM sealing of one field's bytes, through OpenSSL 3's EVP interface.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "rexian/status.h"

namespace rexian::privacy {

inline constexpr std::size_t kGcmKeySize = 32;
inline constexpr std::size_t kGcmNonceSize = 12;
inline constexpr std::size_t kGcmTagSize = 16;

// `n` cryptographically random bytes (RAND_bytes). IoError if the generator is not seeded.
Result<std::string> RandomBytes(std::size_t n);

// Encrypts and authenticates `plaintext` with `aad` as additional data. Returns ciphertext || tag.
// REQUIRES: key.size() == kGcmKeySize, nonce.size() == kGcmNonceSize. A nonce must never be reused
// with the same key: callers draw a fresh random one per call.
Result<std::string> GcmSeal(std::string_view key, std::string_view nonce, std::string_view aad,
                            std::string_view plaintext);

// Checks and decrypts the output of GcmSeal. Corruption("authentication failed") if the tag does
// not match — wrong key, nonce, AAD, or altered bytes. The message never contains key material.
// REQUIRES: key.size() == kGcmKeySize, nonce.size() == kGcmNonceSize.
Result<std::string> GcmOpen(std::string_view key, std::string_view nonce, std::string_view aad,
                            std::string_view sealed);

}  // namespace rexian::privacy
