// PII masking for the operations feed: partial views of personal fields for roles without plaintext access.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace rexian::feed {

// How a feed client sees the personal (x-pii) fields of payloads.
enum class PiiView : std::uint8_t {
  kPlaintext,  // users with personal_data: true
  kMasked,     // everyone else: partial values, never a whole phone number
};

// "13812341234" -> "138****1234": the first 3 and the last 4 digits, separators
// dropped, a leading "+86" / "0086" left out; fewer than 8 digits -> "****"
// (nothing revealed).
std::string MaskPhone(std::string_view phone);

// "张三丰" -> "张*": the first character (UTF-8 code point) and one '*'.
std::string MaskName(std::string_view name);

// What any other personal field reads as when masked.
inline constexpr std::string_view kMaskedMarker = "[masked]";

// Returns `sealed` (a stored payload, with {"$pii": ...} objects) with every
// sealed field replaced by the masked form of its value in `revealed` (the
// same payload opened in plaintext): phones (member "phone") by MaskPhone,
// a citizen's name (member "name" of "citizen") by MaskName, anything else
// by kMaskedMarker. A value that reads as "[redacted]" (forgotten citizen)
// stays "[redacted]". Fields not sealed are copied as they are.
boost::json::value MaskSealedFields(const boost::json::value& sealed,
                                    const boost::json::value& revealed);

}  // namespace rexian::feed
