// OpenFields: replaces every sealed field of a payload by its plaintext or by the redaction marker.
#include <openssl/crypto.h>

#include <boost/json/array.hpp>
#include <map>
#include <optional>

#include "privacy/aes_gcm.h"
#include "privacy/exact_json_parse.h"
#include "privacy/pii_pointer.h"
#include "privacy/sealed_value.h"
#include "rexian/privacy.h"

namespace rexian {

namespace {

// A sealed object found in the payload; its pointer is [pointer_begin, pointer_end) of the text
// all the pointers of one call share.
struct SealedField {
  boost::json::value* at;
  std::size_t pointer_begin;
  std::size_t pointer_end;
};

// Every object with a "$pii" member, outermost only (a sealed value is not searched inside).
// `pointer` is the current path; each found field's pointer is appended to `pointers`.
void FindSealedFields(boost::json::value& value, std::string& pointer, std::string& pointers,
                      std::vector<SealedField>& out) {
  std::size_t mark = pointer.size();
  if (boost::json::object* object = value.if_object()) {
    if (privacy::HasSealMember(*object)) {
      out.push_back({&value, pointers.size(), pointers.size() + pointer.size()});
      pointers += pointer;
      return;
    }
    for (auto& member : *object) {
      privacy::AppendPointerToken(pointer, member.key());
      FindSealedFields(member.value(), pointer, pointers, out);
      pointer.resize(mark);
    }
  } else if (boost::json::array* array = value.if_array()) {
    for (std::size_t i = 0; i < array->size(); ++i) {
      privacy::AppendPointerToken(pointer, std::to_string(i));
      FindSealedFields((*array)[i], pointer, pointers, out);
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

  // The key, nullopt if the store no longer has it, or the store's error. The pointer stays valid
  // for the whole call.
  Result<const std::optional<KeyInfo>*> Lookup(std::string_view key_id) {
    auto it = cache_.find(key_id);
    if (it == cache_.end()) {
      Result<KeyInfo> info = keys_.Describe(key_id);
      if (!info.ok() && !info.status().IsNotFound()) return info.status();
      std::optional<KeyInfo> entry;
      if (info.ok()) entry = std::move(*info);
      it = cache_.emplace(std::string(key_id), std::move(entry)).first;
    }
    return &it->second;
  }

 private:
  KeyStore& keys_;
  std::map<std::string, std::optional<KeyInfo>, std::less<>> cache_;
};

}  // namespace

Status OpenFields(boost::json::value& payload, KeyStore& keys, PiiAccess access,
                  std::string_view event_id, std::size_t* opened, std::size_t* redacted) {
  if (opened) *opened = 0;
  if (redacted) *redacted = 0;
  std::vector<SealedField> fields;
  std::string pointers;
  {
    std::string pointer;
    FindSealedFields(payload, pointer, pointers, fields);
  }
  auto pointer_of = [&](const SealedField& field) {
    return std::string_view(pointers).substr(field.pointer_begin,
                                             field.pointer_end - field.pointer_begin);
  };
  auto tampered = [&](const SealedField& field, std::string_view why) {
    return Status::Corruption("sealed field " + std::string(pointer_of(field)) + " of event " +
                              std::string(event_id) + ": " + std::string(why));
  };

  KeysOfOneCall cache(keys);
  // One opener for the call, re-keyed only when a field's key differs from the previous one's
  // (normally every field of an event has its citizen's one key); buffers reused across fields.
  privacy::GcmOpener opener;
  const KeyInfo* opener_key = nullptr;
  std::string plaintext;
  std::string aad;

  std::vector<boost::json::value> replacements;
  replacements.reserve(fields.size());
  std::size_t opened_count = 0;
  for (const SealedField& field : fields) {
    Result<privacy::SealedValueView> sealed = privacy::ParseSealedView(field.at->get_object());
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
    if (opener_key != &*info) {
      opener_key = nullptr;
      if (Status s = opener.SetKey(info->key.key); !s.ok()) return s;
      opener_key = &*info;
    }
    privacy::AssignFieldAad(&aad, event_id, pointer_of(field));
    if (Status s = opener.Open(sealed->nonce, aad, sealed->data, plaintext); !s.ok()) {
      if (s.IsCorruption()) {
        return tampered(field,
                        "fails authentication (altered, or moved from another field or event)");
      }
      return s;
    }
    Result<boost::json::value> original = privacy::ParseJsonExactly(plaintext);
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    if (!original.ok()) return tampered(field, "authentic plaintext is not JSON");
    replacements.push_back(std::move(*original));
    ++opened_count;
  }
  for (std::size_t i = 0; i < fields.size(); ++i) *fields[i].at = std::move(replacements[i]);
  if (opened) *opened = opened_count;
  if (redacted) *redacted = fields.size() - opened_count;
  return Status::OK();
}

}  // namespace rexian
