// Building and strict parsing of sealed-field objects.
#include "privacy/sealed_value.h"

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>

#include "privacy/aes_gcm.h"
#include "privacy/base64.h"
#include "privacy/key_store_records.h"

namespace rexian::privacy {

boost::json::value MakeSealedObject(const SealedValue& sealed) {
  boost::json::object inner;
  inner.reserve(4);
  inner.emplace("c", sealed.citizen_id);
  inner.emplace("k", sealed.key_id);
  inner.emplace("n", Base64Encode(sealed.nonce));
  inner.emplace("d", Base64Encode(sealed.data));
  boost::json::object outer;
  outer.emplace(kSealMember, std::move(inner));
  return outer;
}

bool HasSealMember(const boost::json::object& object) { return object.contains(kSealMember); }

bool ContainsSealMember(const boost::json::value& value) {
  if (const boost::json::object* object = value.if_object()) {
    if (HasSealMember(*object)) return true;
    for (const auto& member : *object) {
      if (ContainsSealMember(member.value())) return true;
    }
  } else if (const boost::json::array* array = value.if_array()) {
    for (const boost::json::value& item : *array) {
      if (ContainsSealMember(item)) return true;
    }
  }
  return false;
}

Result<SealedValue> ParseSealedObject(const boost::json::object& object) {
  const boost::json::value* seal = object.if_contains(kSealMember);
  if (seal == nullptr || object.size() != 1) {
    return Status::Corruption("\"$pii\" must be the only member of a sealed value");
  }
  const boost::json::object* inner = seal->if_object();
  if (inner == nullptr || inner->size() != 4) {
    return Status::Corruption("\"$pii\" must hold exactly the members c, k, n and d");
  }
  auto text = [&](std::string_view name) -> const boost::json::string* {
    const boost::json::value* v = inner->if_contains(name);
    return v ? v->if_string() : nullptr;
  };
  const boost::json::string* c = text("c");
  const boost::json::string* k = text("k");
  const boost::json::string* n = text("n");
  const boost::json::string* d = text("d");
  if (!c || !k || !n || !d) return Status::Corruption("c, k, n and d must be strings");
  if (c->empty()) return Status::Corruption("empty citizen id");
  if (!IsKeyId(*k)) return Status::Corruption("k is not a key id");
  std::optional<std::string> nonce = Base64Decode(*n);
  if (!nonce || nonce->size() != kGcmNonceSize) {
    return Status::Corruption("n is not a base64 12-byte nonce");
  }
  std::optional<std::string> data = Base64Decode(*d);
  if (!data || data->size() < kGcmTagSize) {
    return Status::Corruption("d is not base64 ciphertext with its tag");
  }
  return SealedValue{std::string(*c), std::string(*k), std::move(*nonce), std::move(*data)};
}

std::string FieldAad(std::string_view event_id, std::string_view concrete_pointer) {
  std::string aad;
  aad.reserve(event_id.size() + 1 + concrete_pointer.size());
  aad += event_id;
  aad += '\n';
  aad += concrete_pointer;
  return aad;
}

}  // namespace rexian::privacy
