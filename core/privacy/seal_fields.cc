// SealFields: encrypts the personal fields of a payload in place, each under the citizen's key.
#include <openssl/crypto.h>

#include <algorithm>
#include <boost/json/serializer.hpp>
#include <cstring>

#include "privacy/aes_gcm.h"
#include "privacy/key_store_records.h"
#include "privacy/pii_pointer.h"
#include "privacy/pii_pointer_cache.h"
#include "privacy/sealed_value.h"
#include "rexian/privacy.h"

namespace rexian {

namespace {

using privacy::PiiPointer;

// Sorts the matched fields by pointer, drops duplicates (two pointers reaching one place) and those
// inside another matched field (sealing the outer one covers them, and replacing it would leave
// dangling pointers to the inner ones).
void KeepOutermost(std::vector<PiiPointer::Match>& fields) {
  auto by_pointer = [](const PiiPointer::Match& a, const PiiPointer::Match& b) {
    return a.concrete < b.concrete;
  };
  auto same_pointer = [](const PiiPointer::Match& a, const PiiPointer::Match& b) {
    return a.concrete == b.concrete;
  };
  std::sort(fields.begin(), fields.end(), by_pointer);
  fields.erase(std::unique(fields.begin(), fields.end(), same_pointer), fields.end());
  auto matched = [&](std::string_view pointer) {
    auto it = std::lower_bound(
        fields.begin(), fields.end(), pointer,
        [](const PiiPointer::Match& m, std::string_view p) { return m.concrete < p; });
    return it != fields.end() && it->concrete == pointer;
  };
  // Mark first, erase after: the search needs every pointer, covered ones included.
  for (PiiPointer::Match& field : fields) {
    std::string_view pointer = field.concrete;
    for (std::size_t i = 1; i < pointer.size(); ++i) {
      if (pointer[i] == '/' && matched(pointer.substr(0, i))) {
        field.target = nullptr;
        break;
      }
    }
  }
  fields.erase(std::remove_if(fields.begin(), fields.end(),
                              [](const PiiPointer::Match& m) { return m.target == nullptr; }),
               fields.end());
}

// Writes `value`'s JSON text into `out`, byte for byte what boost::json::serialize returns, reusing
// out's capacity across fields. Growing copies the text so far into a larger buffer and wipes the
// old one, so no piece of a plaintext is left behind in freed memory.
void SerializePlaintext(const boost::json::value& value, boost::json::serializer& serializer,
                        std::string& out) {
  serializer.reset(&value);
  out.resize(std::max<std::size_t>(out.capacity(), 256));
  std::size_t used = 0;
  while (!serializer.done()) {
    if (used == out.size()) {
      std::string larger(out.size() * 2, '\0');
      std::memcpy(larger.data(), out.data(), used);
      OPENSSL_cleanse(out.data(), out.size());
      out.swap(larger);
    }
    used += serializer.read(out.data() + used, out.size() - used).size();
  }
  out.resize(used);
}

}  // namespace

Status SealFields(boost::json::value& payload, const std::vector<std::string>& pointers,
                  std::string_view citizen_id, const DataKey& key, std::string_view event_id) {
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
  Result<const std::vector<PiiPointer>*> parsed = privacy::CachedPiiPointers(pointers);
  if (!parsed.ok()) return parsed.status();
  std::vector<PiiPointer::Match> fields;
  fields.reserve((*parsed)->size());
  for (const PiiPointer& pointer : **parsed) pointer.Expand(payload, fields);
  KeepOutermost(fields);
  if (fields.empty()) return Status::OK();

  // One key schedule for all the fields; buffers reused from field to field.
  privacy::GcmSealer sealer;
  if (Status s = sealer.SetKey(key.key); !s.ok()) return s;
  boost::json::serializer serializer;
  std::string plaintext;
  std::string data;
  std::string aad;

  // Encrypt everything first, so that a failure leaves the payload as it was.
  std::vector<boost::json::value> sealed;
  sealed.reserve(fields.size());
  for (const auto& field : fields) {
    SerializePlaintext(*field.target, serializer, plaintext);
    Result<std::string> nonce = privacy::RandomBytes(privacy::kGcmNonceSize);
    privacy::AssignFieldAad(&aad, event_id, field.concrete);
    Status s = nonce.ok() ? sealer.Seal(*nonce, aad, plaintext, data) : nonce.status();
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    if (!s.ok()) return s;
    sealed.push_back(
        privacy::MakeSealedObject(citizen_id, key.id, *nonce, data, payload.storage()));
  }
  for (std::size_t i = 0; i < fields.size(); ++i) *fields[i].target = std::move(sealed[i]);
  return Status::OK();
}

bool MayHaveSealedFields(std::string_view payload_json) {
  return payload_json.find("\"$pii\"") != std::string_view::npos;
}

}  // namespace rexian
