// The sealing code as it was before per-thread cipher contexts and cached pointers (commit
// 2dcf3cb): seal_fields_bench's baseline, run side by side with the current code.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rexian/privacy.h"

namespace rexian::bench {

// SealFields as of 2dcf3cb: every pointer parsed per call, a std::map of matches, and per field a
// fresh EVP_CIPHER_CTX with the full cipher init and key schedule. Same contract as SealFields.
Status BaselineSealFields(boost::json::value& payload, const std::vector<std::string>& pointers,
                          std::string_view citizen_id, const DataKey& key,
                          std::string_view event_id);

// OpenFields as of 2dcf3cb: per field a copied pointer, copied ids, a fresh EVP_CIPHER_CTX and key
// schedule. Same contract as OpenFields.
Status BaselineOpenFields(boost::json::value& payload, KeyStore& keys, PiiAccess access,
                          std::string_view event_id, std::size_t* opened = nullptr,
                          std::size_t* redacted = nullptr);

}  // namespace rexian::bench
