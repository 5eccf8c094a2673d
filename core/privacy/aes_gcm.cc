// AES-256-GCM through OpenSSL 3's EVP interface; 12-byte nonces, 16-byte tags appended to the ciphertext.
#include "privacy/aes_gcm.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <pthread.h>

#include <atomic>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>

namespace rexian::privacy {
namespace {

struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

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

Result<std::string> GcmSeal(std::string_view key, std::string_view nonce, std::string_view aad,
                            std::string_view plaintext) {
  if (Status s = CheckSizes(key, nonce, aad, plaintext); !s.ok()) return s;
  CipherContext ctx(EVP_CIPHER_CTX_new());
  std::string out(plaintext.size() + kGcmTagSize, '\0');
  int len = 0;
  int total = 0;
  bool ok =
      ctx && Aes256Gcm() != nullptr &&
      EVP_EncryptInit_ex(ctx.get(), Aes256Gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kGcmNonceSize),
                          nullptr) == 1 &&
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, Bytes(key), Bytes(nonce)) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), MutableBytes(out), &len, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) == 1;
  if (ok) {
    total = len;
    ok = EVP_EncryptFinal_ex(ctx.get(), MutableBytes(out) + total, &len) == 1;
    total += len;
  }
  ok = ok && static_cast<std::size_t>(total) == plaintext.size() &&
       EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kGcmTagSize),
                           MutableBytes(out) + total) == 1;
  if (!ok) {
    OPENSSL_cleanse(out.data(), out.size());
    return Status::IoError("AES-256-GCM encryption failed in OpenSSL");
  }
  return out;
}

Result<std::string> GcmOpen(std::string_view key, std::string_view nonce, std::string_view aad,
                            std::string_view sealed) {
  if (Status s = CheckSizes(key, nonce, aad, sealed); !s.ok()) return s;
  if (sealed.size() < kGcmTagSize) return Status::Corruption("sealed bytes shorter than the tag");
  std::string_view ciphertext = sealed.substr(0, sealed.size() - kGcmTagSize);
  std::string tag(sealed.substr(ciphertext.size()));
  CipherContext ctx(EVP_CIPHER_CTX_new());
  std::string out(ciphertext.size(), '\0');
  int len = 0;
  bool ok =
      ctx && Aes256Gcm() != nullptr &&
      EVP_DecryptInit_ex(ctx.get(), Aes256Gcm(), nullptr, nullptr, nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(kGcmNonceSize),
                          nullptr) == 1 &&
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, Bytes(key), Bytes(nonce)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), MutableBytes(out), &len, Bytes(ciphertext),
                        static_cast<int>(ciphertext.size())) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kGcmTagSize),
                          tag.data()) == 1;
  if (!ok) {
    OPENSSL_cleanse(out.data(), out.size());
    return Status::IoError("AES-256-GCM decryption failed in OpenSSL");
  }
  int total = len;
  if (EVP_DecryptFinal_ex(ctx.get(), MutableBytes(out) + total, &len) != 1) {
    // The plaintext is not authentic: never hand out any of it.
    OPENSSL_cleanse(out.data(), out.size());
    return Status::Corruption("authentication failed");
  }
  total += len;
  out.resize(static_cast<std::size_t>(total));
  return out;
}

}  // namespace rexian::privacy
