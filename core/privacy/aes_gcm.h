// AES-256-GCM sealing of one field's bytes, through OpenSSL 3's EVP interface.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "rexian/status.h"

struct evp_cipher_ctx_st;  // OpenSSL's EVP_CIPHER_CTX

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

// The calling thread's reusable EVP cipher context, lent for the lease's lifetime: allocating and
// freeing one per field was a measurable share of sealing. Given back reset
// (EVP_CIPHER_CTX_reset), which wipes the key schedule; when the thread's context is already lent
// (two leases alive at once), the lease gets a fresh context of its own. Not movable; the lease is
// used on the thread that made it.
class CipherContextLease {
 public:
  CipherContextLease();
  ~CipherContextLease();
  CipherContextLease(const CipherContextLease&) = delete;
  CipherContextLease& operator=(const CipherContextLease&) = delete;

  // The context; null only if OpenSSL could not allocate one (every use then fails as IoError).
  evp_cipher_ctx_st* get() const { return ctx_; }

 private:
  evp_cipher_ctx_st* ctx_;
};

// AES-256-GCM encryption of many fields under one key: the key schedule is computed once by
// SetKey, then each Seal only sets its nonce. Produces exactly GcmSeal's bytes. The key schedule
// lives in the thread's cipher context until the sealer is destroyed, which wipes it. One thread
// at a time.
class GcmSealer {
 public:
  GcmSealer() = default;

  // Binds the sealer to `key` (again, to switch keys). InvalidArgument unless key.size() ==
  // kGcmKeySize; IoError if OpenSSL fails. Seal fails until a SetKey has succeeded.
  Status SetKey(std::string_view key);

  // Like GcmSeal under the bound key: `out` becomes ciphertext || tag (its capacity is reused).
  // REQUIRES: nonce.size() == kGcmNonceSize, fresh for this key. On error `out` is emptied.
  Status Seal(std::string_view nonce, std::string_view aad, std::string_view plaintext,
              std::string& out);

 private:
  CipherContextLease ctx_;
  bool keyed_ = false;
};

// AES-256-GCM decryption of many fields under one key, the counterpart of GcmSealer: the key
// schedule once per SetKey, per field only the nonce. Accepts exactly what GcmOpen accepts. The key
// schedule is wiped when the opener is destroyed. One thread at a time.
class GcmOpener {
 public:
  GcmOpener() = default;

  // Binds the opener to `key` (again, to switch keys). InvalidArgument unless key.size() ==
  // kGcmKeySize; IoError if OpenSSL fails. Open fails until a SetKey has succeeded.
  Status SetKey(std::string_view key);

  // Like GcmOpen under the bound key: `out` becomes the plaintext (its capacity is reused; the
  // caller wipes it after use). Corruption("authentication failed") if the tag does not match, and
  // then `out` is wiped and emptied: no byte of an unauthentic plaintext is handed out. A failed
  // Open does not disturb later ones.
  Status Open(std::string_view nonce, std::string_view aad, std::string_view sealed,
              std::string& out);

 private:
  CipherContextLease ctx_;
  bool keyed_ = false;
};

}  // namespace rexian::privacy
