// PseudonymSecret: the per-installation secret behind pseudonymous citizen ids.
#pragma once

#include <string>

#include "rexian/status.h"

namespace rexian {

// Reads `dir`/pseudonym.secret (32 random bytes), creating it with
// RAND_bytes, mode 0600, durably (write to a temporary file, fsync, rename,
// fsync the directory) when missing. The secret lives beside the citizens'
// data keys (config store.keys_path): whoever holds it can link a phone
// number or OpenID to its pseudonym, so it is guarded like the keys.
// IoError when the file cannot be read or created; Corruption when it exists
// with another size.
Result<std::string> LoadPseudonymSecret(const std::string& dir);

}  // namespace rexian
