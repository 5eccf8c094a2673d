// Baseline for seal_fields_bench: SealFields, OpenFields and the one-shot AES-256-GCM calls exactly
// as they were at commit 2dcf3cb, renamed. Kept only to measure the current code against; the
// helpers they call (PiiPointer, FieldAad, Make/ParseSealedObject, ParseJsonExactly, RandomBytes)
// are the library's, unchanged in cost.
#include "baseline_seal_fields.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <climits>
#include <map>
#include <memory>
#include <optional>

#include "privacy/aes_gcm.h"
#include "privacy/exact_json_parse.h"
#include "privacy/key_store_records.h"
#include "privacy/pii_pointer.h"
#include "privacy/sealed_value.h"

namespace rexian::bench {
namespace {

using privacy::kGcmKeySize;
using privacy::kGcmNonceSize;
using privacy::kGcmTagSize;

// ---- core/privacy/aes_gcm.cc at 2dcf3cb: a context allocated, initialised and freed per field.

struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* MutableBytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }
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

Result<std::string> BaselineGcmSeal(std::string_view key, std::string_view nonce,
                                    std::string_view aad, std::string_view plaintext) {
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

Result<std::string> BaselineGcmOpen(std::string_view key, std::string_view nonce,
                                    std::string_view aad, std::string_view sealed) {
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

// ---- core/privacy/seal_fields.cc and open_fields.cc at 2dcf3cb.

// The matched fields, minus those inside another matched field (sealing the outer one covers them,
// and replacing it would leave dangling pointers to the inner ones).
std::vector<privacy::PiiPointer::Match> OutermostFields(
    const std::vector<privacy::PiiPointer::Match>& matches) {
  std::map<std::string, boost::json::value*> by_pointer;
  for (const auto& match : matches) by_pointer.emplace(match.concrete, match.target);
  std::vector<privacy::PiiPointer::Match> outermost;
  for (const auto& [pointer, target] : by_pointer) {
    bool covered = false;
    for (std::size_t i = 1; i < pointer.size() && !covered; ++i) {
      covered = pointer[i] == '/' && by_pointer.count(pointer.substr(0, i)) > 0;
    }
    if (!covered) outermost.push_back({pointer, target});
  }
  return outermost;
}

struct SealedField {
  boost::json::value* at;
  std::string pointer;
};

// Every object with a "$pii" member, outermost only (a sealed value is not searched inside).
void FindSealedFields(boost::json::value& value, std::string& pointer,
                      std::vector<SealedField>& out) {
  std::size_t mark = pointer.size();
  if (boost::json::object* object = value.if_object()) {
    if (privacy::HasSealMember(*object)) {
      out.push_back({&value, pointer});
      return;
    }
    for (auto& member : *object) {
      privacy::AppendPointerToken(pointer, member.key());
      FindSealedFields(member.value(), pointer, out);
      pointer.resize(mark);
    }
  } else if (boost::json::array* array = value.if_array()) {
    for (std::size_t i = 0; i < array->size(); ++i) {
      privacy::AppendPointerToken(pointer, std::to_string(i));
      FindSealedFields((*array)[i], pointer, out);
      pointer.resize(mark);
    }
  }
}

// The keys one OpenFields call has looked up (nullopt: destroyed or unknown), wiped at the end so
// that no key outlives the call.
class KeysOfOneCall {
 public:
  explicit KeysOfOneCall(KeyStore& keys) : keys_(keys) {}
  KeysOfOneCall(const KeysOfOneCall&) = delete;
  KeysOfOneCall& operator=(const KeysOfOneCall&) = delete;
  ~KeysOfOneCall() {
    for (auto& [id, info] : cache_) {
      if (info) OPENSSL_cleanse(info->key.key.data(), info->key.key.size());
    }
  }

  // The key, nullopt if the store no longer has it, or the store's error.
  Result<const std::optional<KeyInfo>*> Lookup(const std::string& key_id) {
    auto it = cache_.find(key_id);
    if (it == cache_.end()) {
      Result<KeyInfo> info = keys_.Describe(key_id);
      if (!info.ok() && !info.status().IsNotFound()) return info.status();
      std::optional<KeyInfo> entry;
      if (info.ok()) entry = std::move(*info);
      it = cache_.emplace(key_id, std::move(entry)).first;
    }
    return &it->second;
  }

 private:
  KeyStore& keys_;
  std::map<std::string, std::optional<KeyInfo>> cache_;
};

}  // namespace

Status BaselineSealFields(boost::json::value& payload, const std::vector<std::string>& pointers,
                          std::string_view citizen_id, const DataKey& key,
                          std::string_view event_id) {
  if (!payload.is_object()) return Status::InvalidArgument("payload to seal is not a JSON object");
  if (citizen_id.empty()) return Status::InvalidArgument("citizen id is empty");
  if (event_id.empty() || event_id.find('\n') != std::string_view::npos) {
    return Status::InvalidArgument("event id must be non-empty and without a newline");
  }
  if (!privacy::IsKeyId(key.id) || key.key.size() != privacy::kGcmKeySize) {
    return Status::InvalidArgument("not a valid data key (16-hex id, 32-byte key)");
  }
  if (privacy::ContainsSealMember(payload)) {
    return Status::InvalidArgument("payload of event " + std::string(event_id) +
                                   " already contains a \"$pii\" member");
  }
  std::vector<privacy::PiiPointer::Match> matches;
  for (const std::string& text : pointers) {
    Result<privacy::PiiPointer> pointer = privacy::PiiPointer::Parse(text);
    if (!pointer.ok()) return pointer.status();
    pointer->Expand(payload, matches);
  }
  std::vector<privacy::PiiPointer::Match> fields = OutermostFields(matches);

  // Encrypt everything first, so that a failure leaves the payload as it was.
  std::vector<boost::json::value> sealed;
  sealed.reserve(fields.size());
  for (const auto& field : fields) {
    std::string plaintext = boost::json::serialize(*field.target);
    Result<std::string> nonce = privacy::RandomBytes(privacy::kGcmNonceSize);
    Result<std::string> data =
        nonce.ok() ? BaselineGcmSeal(key.key, *nonce, privacy::FieldAad(event_id, field.concrete),
                                     plaintext)
                   : Result<std::string>(nonce.status());
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    if (!data.ok()) return data.status();
    sealed.push_back(privacy::MakeSealedObject(
        {std::string(citizen_id), key.id, std::move(*nonce), std::move(*data)}));
  }
  for (std::size_t i = 0; i < fields.size(); ++i) *fields[i].target = std::move(sealed[i]);
  return Status::OK();
}

Status BaselineOpenFields(boost::json::value& payload, KeyStore& keys, PiiAccess access,
                          std::string_view event_id, std::size_t* opened, std::size_t* redacted) {
  if (opened) *opened = 0;
  if (redacted) *redacted = 0;
  std::vector<SealedField> fields;
  std::string pointer;
  FindSealedFields(payload, pointer, fields);

  auto tampered = [&](const SealedField& field, std::string_view why) {
    return Status::Corruption("sealed field " + field.pointer + " of event " +
                              std::string(event_id) + ": " + std::string(why));
  };
  KeysOfOneCall cache(keys);
  std::vector<boost::json::value> replacements;
  replacements.reserve(fields.size());
  std::size_t opened_count = 0;
  for (const SealedField& field : fields) {
    Result<privacy::SealedValue> sealed = privacy::ParseSealedObject(field.at->get_object());
    if (!sealed.ok()) return tampered(field, sealed.status().message());
    if (access == PiiAccess::kRedacted) {
      replacements.emplace_back(kRedactedMarker);
      continue;
    }
    Result<const std::optional<KeyInfo>*> key = cache.Lookup(sealed->key_id);
    if (!key.ok()) return key.status();
    const std::optional<KeyInfo>& info = **key;
    if (!info) {  // forgotten
      replacements.emplace_back(kRedactedMarker);
      continue;
    }
    if (info->citizen_id != sealed->citizen_id) {
      return tampered(field, "names another citizen than its key's");
    }
    Result<std::string> plaintext = BaselineGcmOpen(
        info->key.key, sealed->nonce, privacy::FieldAad(event_id, field.pointer), sealed->data);
    if (!plaintext.ok()) {
      if (plaintext.status().IsCorruption()) {
        return tampered(field,
                        "fails authentication (altered, or moved from another field or event)");
      }
      return plaintext.status();
    }
    Result<boost::json::value> original = privacy::ParseJsonExactly(*plaintext);
    OPENSSL_cleanse(plaintext->data(), plaintext->size());
    if (!original.ok()) return tampered(field, "authentic plaintext is not JSON");
    replacements.push_back(std::move(*original));
    ++opened_count;
  }
  for (std::size_t i = 0; i < fields.size(); ++i) *fields[i].at = std::move(replacements[i]);
  if (opened) *opened = opened_count;
  if (redacted) *redacted = fields.size() - opened_count;
  return Status::OK();
}

}  // namespace rexian::bench
