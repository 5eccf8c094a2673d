// Building and strict parsing of sealed-field objects.
#include "privacy/sealed_value.h"

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>

#include "privacy/aes_gcm.h"
#include "privacy/base64.h"
#include "privacy/key_store_records.h"

namespace rexian::privacy {

boost::json::value MakeSealedObject(const SealedValue& sealed) {
  return MakeSealedObject(sealed.citizen_id, sealed.key_id, sealed.nonce, sealed.data);
}

boost::json::value MakeSealedObject(std::string_view citizen_id, std::string_view key_id,
                                    std::string_view nonce, std::string_view data,
                                    boost::json::storage_ptr storage) {
  auto text = [](std::string_view s) { return boost::json::string_view(s.data(), s.size()); };
  boost::json::object inner(4, storage);
  inner.emplace("c", text(citizen_id));
  inner.emplace("k", text(key_id));
  inner.emplace("n", text(Base64Encode(nonce)));
  inner.emplace("d", text(Base64Encode(data)));
  boost::json::object outer(1, std::move(storage));
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
  Result<SealedValueView> view = ParseSealedView(object);
  if (!view.ok()) return view.status();
  return SealedValue{std::string(view->citizen_id), std::string(view->key_id),
                     std::move(view->nonce), std::move(view->data)};
}

Result<SealedValueView> ParseSealedView(const boost::json::object& object) {
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
  return SealedValueView{std::string_view(c->data(), c->size()),
                         std::string_view(k->data(), k->size()), std::move(*nonce),
                         std::move(*data)};
}

std::string FieldAad(std::string_view event_id, std::string_view concrete_pointer) {
  std::string aad;
  AssignFieldAad(&aad, event_id, concrete_pointer);
  return aad;
}

void AssignFieldAad(std::string* out, std::string_view event_id, std::string_view concrete_pointer) {
  out->reserve(event_id.size() + 1 + concrete_pointer.size());
  out->assign(event_id);
  *out += '\n';
  *out += concrete_pointer;
}

}  // namespace rexian::privacy
