// AES-256-GCM through OpenSSL 3's EVP: 12-byte nonces, 16-byte tags after the ciphertext.
#include "privacy/aes_gcm.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <pthread.h>

#include <atomic>
#include <climits>
#include <cstdint>
#include <cstring>
#include <utility>

namespace rexian::privacy {
namespace {

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* MutableBytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// Counts the forks of this process, as seen by the child (pthread_atfork):
// a per-thread pool filled before a fork must not hand the same bytes out in
// parent and child. Cheaper than a getpid() system call per nonce. 0 when the
// handler could not be registered: then nothing is pooled.
std::atomic<std::uint64_t> fork_generation{1};
void CountFork() { fork_generation.fetch_add(1, std::memory_order_relaxed); }
std::uint64_t ForkGeneration() {
  static const bool registered = pthread_atfork(nullptr, nullptr, &CountFork) == 0;
  return registered ? fork_generation.load(std::memory_order_relaxed) : 0;
}

// AES-256-GCM fetched from the default provider once: passing EVP_aes_256_gcm()
// makes OpenSSL 3 fetch it again on every init. Lives as long as the process.
const EVP_CIPHER* Aes256Gcm() {
  static EVP_CIPHER* const cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return cipher;
}

bool FitsInt(std::string_view s) { return s.size() <= static_cast<std::size_t>(INT_MAX) - 32; }

Status CheckSizes(std::string_view key, std::string_view nonce, std::string_view aad,
                  std::string_view text) {
  if (key.size() != kGcmKeySize) return Status::InvalidArgument("AES-256-GCM key must be 32 bytes");
  if (nonce.size() != kGcmNonceSize) {
    return Status::InvalidArgument("AES-256-GCM nonce must be 12 bytes");
  }
  if (!FitsInt(aad) || !FitsInt(text)) return Status::InvalidArgument("field too large to seal");
  return Status::OK();
}

}  // namespace

Result<std::string> RandomBytes(std::size_t n) {
  std::string out(n, '\0');
  // Small requests (nonces, key ids, keys) come from a per-thread block of
  // RAND_bytes output: one call per 4 KiB instead of one per nonce (OpenSSL 3's
  // per-call dispatch was 4 % of the simulator's CPU). Bytes are handed out
  // once and wiped as they go; a forked child never reuses its parent's block.
  struct Pool {
    unsigned char bytes[4096];
    std::size_t used = sizeof(bytes);
    std::uint64_t generation = 0;  // ForkGeneration() when filled
    ~Pool() { OPENSSL_cleanse(bytes, sizeof(bytes)); }
  };
  thread_local Pool pool;
  const std::uint64_t generation = ForkGeneration();
  if (generation != 0 && n <= sizeof(pool.bytes) / 8) {
    if (pool.generation != generation || sizeof(pool.bytes) - pool.used < n) {
      if (RAND_bytes(pool.bytes, static_cast<int>(sizeof(pool.bytes))) != 1) {
        return Status::IoError("RAND_bytes failed: the random generator is not available");
      }
      pool.used = 0;
      pool.generation = generation;
    }
    std::memcpy(out.data(), pool.bytes + pool.used, n);
    OPENSSL_cleanse(pool.bytes + pool.used, n);
    pool.used += n;
    return out;
  }
  if (n > static_cast<std::size_t>(INT_MAX) ||
      RAND_bytes(MutableBytes(out), static_cast<int>(n)) != 1) {
    return Status::IoError("RAND_bytes failed: the random generator is not available");
  }
  return out;
}

namespace {

// The thread's spare cipher context (see CipherContextLease), freed when the thread ends.
struct SpareContext {
  EVP_CIPHER_CTX* ctx = nullptr;
  ~SpareContext() { EVP_CIPHER_CTX_free(ctx); }
};
thread_local SpareContext spare_context;

Status CheckNonceAndSizes(std::string_view nonce, std::string_view aad, std::string_view text) {
  if (nonce.size() != kGcmNonceSize) {
    return Status::InvalidArgument("AES-256-GCM nonce must be 12 bytes");
  }
  if (!FitsInt(aad) || !FitsInt(text)) return Status::InvalidArgument("field too large to seal");
  return Status::OK();
}

// Selects AES-256-GCM with 12-byte nonces on a fresh (reset) context, then sets the key: the AES
// key schedule and GHASH table are computed here, once per key. The cipher stays selected across
// SetKey calls, so switching keys only recomputes the schedule. *keyed says whether it succeeded
// (GcmSealer::SetKey and GcmOpener::SetKey, `encrypt` 1 and 0).
Status InitKey(EVP_CIPHER_CTX* ctx, int encrypt, std::string_view key, bool* keyed) {
  *keyed = false;
  if (key.size() != kGcmKeySize) return Status::InvalidArgument("AES-256-GCM key must be 32 bytes");
  if (ctx == nullptr || Aes256Gcm() == nullptr) {
    return Status::IoError("AES-256-GCM key setup failed in OpenSSL");
  }
  const bool selected = EVP_CIPHER_CTX_get0_cipher(ctx) != nullptr;
  bool ok =
      (selected || (EVP_CipherInit_ex(ctx, Aes256Gcm(), nullptr, nullptr, nullptr, encrypt) == 1 &&
                    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN,
                                        static_cast<int>(kGcmNonceSize), nullptr) == 1)) &&
      EVP_CipherInit_ex(ctx, nullptr, nullptr, Bytes(key), nullptr, encrypt) == 1;
  // A half-done setup starts from a clean context next time (and any key part set is wiped).
  if (!ok) {
    EVP_CIPHER_CTX_reset(ctx);
    return Status::IoError("AES-256-GCM key setup failed in OpenSSL");
  }
  *keyed = true;
  return Status::OK();
}

}  // namespace

CipherContextLease::CipherContextLease()
    : ctx_(spare_context.ctx != nullptr ? std::exchange(spare_context.ctx, nullptr)
                                        : EVP_CIPHER_CTX_new()) {}

CipherContextLease::~CipherContextLease() {
  if (ctx_ == nullptr) return;
  // Frees the provider's cipher state with OPENSSL_clear_free: the key schedule is wiped.
  EVP_CIPHER_CTX_reset(ctx_);
  if (spare_context.ctx == nullptr) {
    spare_context.ctx = ctx_;
  } else {
    EVP_CIPHER_CTX_free(ctx_);
  }
}

Status GcmSealer::SetKey(std::string_view key) { return InitKey(ctx_.get(), 1, key, &keyed_); }

Status GcmSealer::Seal(std::string_view nonce, std::string_view aad, std::string_view plaintext,
                       std::string& out) {
  out.clear();
  if (!keyed_) return Status::InvalidArgument("AES-256-GCM sealer has no key");
  if (Status s = CheckNonceAndSizes(nonce, aad, plaintext); !s.ok()) return s;
  EVP_CIPHER_CTX* ctx = ctx_.get();
  out.resize(plaintext.size() + kGcmTagSize);
  int len = 0;
  int total = 0;
  bool ok = EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, Bytes(nonce)) == 1 &&
            EVP_EncryptUpdate(ctx, nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) == 1 &&
            EVP_EncryptUpdate(ctx, MutableBytes(out), &len, Bytes(plaintext),
                              static_cast<int>(plaintext.size())) == 1;
  if (ok) {
    total = len;
    ok = EVP_EncryptFinal_ex(ctx, MutableBytes(out) + total, &len) == 1;
    total += len;
  }
  ok = ok && static_cast<std::size_t>(total) == plaintext.size() &&
       EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, static_cast<int>(kGcmTagSize),
                           MutableBytes(out) + total) == 1;
  if (!ok) {
    OPENSSL_cleanse(out.data(), out.size());
    out.clear();
    return Status::IoError("AES-256-GCM encryption failed in OpenSSL");
  }
  return Status::OK();
}

Status GcmOpener::SetKey(std::string_view key) { return InitKey(ctx_.get(), 0, key, &keyed_); }

Status GcmOpener::Open(std::string_view nonce, std::string_view aad, std::string_view sealed,
                       std::string& out) {
  out.clear();
  if (!keyed_) return Status::InvalidArgument("AES-256-GCM opener has no key");
  if (Status s = CheckNonceAndSizes(nonce, aad, sealed); !s.ok()) return s;
  if (sealed.size() < kGcmTagSize) return Status::Corruption("sealed bytes shorter than the tag");
  EVP_CIPHER_CTX* ctx = ctx_.get();
  std::string_view ciphertext = sealed.substr(0, sealed.size() - kGcmTagSize);
  unsigned char tag[kGcmTagSize];
  std::memcpy(tag, sealed.data() + ciphertext.size(), kGcmTagSize);
  out.resize(ciphertext.size());
  int len = 0;
  bool ok = EVP_DecryptInit_ex(ctx, nullptr, nullptr, nullptr, Bytes(nonce)) == 1 &&
            EVP_DecryptUpdate(ctx, nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) == 1 &&
            EVP_DecryptUpdate(ctx, MutableBytes(out), &len, Bytes(ciphertext),
                              static_cast<int>(ciphertext.size())) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(kGcmTagSize), tag) == 1;
  if (!ok) {
    OPENSSL_cleanse(out.data(), out.size());
    out.clear();
    return Status::IoError("AES-256-GCM decryption failed in OpenSSL");
  }
  int total = len;
  if (EVP_DecryptFinal_ex(ctx, MutableBytes(out) + total, &len) != 1) {
    // The plaintext is not authentic: never hand out any of it.
    OPENSSL_cleanse(out.data(), out.size());
    out.clear();
    return Status::Corruption("authentication failed");
  }
  total += len;
  out.resize(static_cast<std::size_t>(total));
  return Status::OK();
}

Result<std::string> GcmSeal(std::string_view key, std::string_view nonce, std::string_view aad,
                            std::string_view plaintext) {
  if (Status s = CheckSizes(key, nonce, aad, plaintext); !s.ok()) return s;
  GcmSealer sealer;
  std::string out;
  if (Status s = sealer.SetKey(key); !s.ok()) return s;
  if (Status s = sealer.Seal(nonce, aad, plaintext, out); !s.ok()) return s;
  return out;
}

Result<std::string> GcmOpen(std::string_view key, std::string_view nonce, std::string_view aad,
                            std::string_view sealed) {
  if (Status s = CheckSizes(key, nonce, aad, sealed); !s.ok()) return s;
  GcmOpener opener;
  std::string out;
  if (Status s = opener.SetKey(key); !s.ok()) return s;
  if (Status s = opener.Open(nonce, aad, sealed, out); !s.ok()) return s;
  return out;
}

}  // namespace rexian::privacy
