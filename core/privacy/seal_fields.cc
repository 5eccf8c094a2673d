// SealFields: encrypts the personal fields of a payload in place, each under the citizen's key.
#include <openssl/crypto.h>

#include <boost/json/serialize.hpp>
#include <map>

#include "privacy/aes_gcm.h"
#include "privacy/key_store_records.h"
#include "privacy/pii_pointer.h"
#include "privacy/sealed_value.h"
#include "rexian/privacy.h"

namespace rexian {

namespace {

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
        nonce.ok() ? privacy::GcmSeal(key.key, *nonce, privacy::FieldAad(event_id, field.concrete),
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

bool MayHaveSealedFields(std::string_view payload_json) {
  return payload_json.find("\"$pii\"") != std::string_view::npos;
}

}  // namespace rexian
