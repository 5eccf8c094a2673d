// ApiKeyRing: the client applications allowed to submit, found by the
// SHA-256 of the key they present.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "web/web_options.h"

namespace rexian::web {

// SHA-256 of `data` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view data);

// Immutable after construction; thread-safe to read.
class ApiKeyRing {
 public:
  explicit ApiKeyRing(const std::vector<ApiClient>& clients);

  // The client whose key hashes to the stored digest, or nullptr (also for
  // an empty key). Hashing first keeps the lookup's timing independent of
  // the secret's content.
  const ApiClient* Find(std::string_view presented_key) const;

  bool empty() const { return by_hash_.empty(); }

 private:
  std::map<std::string, ApiClient, std::less<>> by_hash_;
};

}  // namespace rexian::web
