// SHA-256 hash chain over records, independent of the storage backend.
#include "store/record_hash.h"

#include <openssl/evp.h>

#include <cstring>
#include <memory>

namespace rexian {
namespace {

// Fixed-width little-endian encoders for the hash input.
void PutU64(std::string* out, std::uint64_t v) {
  char buf[8];
  for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  out->append(buf, 8);
}

void PutBytes(std::string* out, std::string_view s) {
  PutU64(out, s.size());
  out->append(s);
}

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

const EVP_MD* Sha256() {
  // Fetched once: EVP_sha256() would look the implementation up on every call.
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

}  // namespace

const std::string& GenesisHash() {
  static const std::string kGenesis(32, '\0');
  return kGenesis;
}

std::string ComputeRecordHash(const std::string& previous_hash, const RecordedEvent& r) {
  thread_local std::string input;
  input.clear();
  input.append("rexian-record-v1");
  PutBytes(&input, previous_hash);
  PutU64(&input, r.position);
  PutBytes(&input, r.stream_id);
  PutU64(&input, r.stream_version);
  PutBytes(&input, r.event_id);
  PutBytes(&input, r.type);
  PutU64(&input, r.schema_version);
  PutU64(&input, static_cast<std::uint64_t>(r.recorded_at_us));
  PutBytes(&input, r.metadata);
  PutBytes(&input, r.payload);

  thread_local std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestInit_ex(ctx.get(), Sha256(), nullptr);
  EVP_DigestUpdate(ctx.get(), input.data(), input.size());
  EVP_DigestFinal_ex(ctx.get(), digest, &len);
  return std::string(reinterpret_cast<const char*>(digest), len);
}

std::string HexEncode(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

bool HexDecode(std::string_view hex, std::string* out) {
  if (hex.size() % 2 != 0) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  out->clear();
  out->reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>((hi << 4) | lo));
  }
  return true;
}

}  // namespace rexian
