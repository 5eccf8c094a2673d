// Random identifiers for contacts whose client sent no idempotency key.
#pragma once

#include <string>

namespace rexian::web {

// A random (version 4) UUID in lower-case canonical form, from OpenSSL's
// CSPRNG: "3f2b8c1e-9a4d-4e7f-8b21-0c5d6e7f8a9b". Thread-safe.
std::string NewUuidV4();

}  // namespace rexian::web
