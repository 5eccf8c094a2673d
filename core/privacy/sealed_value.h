// The JSON form of a sealed personal field: {"$pii": {"c": ..., "k": ..., "n": ..., "d": ...}}.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "rexian/status.h"

namespace rexian::privacy {

// The member that marks a sealed value.
inline constexpr std::string_view kSealMember = "$pii";

// A sealed field, decoded: `nonce` and `data` are raw bytes (base64 in JSON).
struct SealedValue {
  std::string citizen_id;  // "c"
  std::string key_id;      // "k"
  std::string nonce;       // "n": 12 bytes
  std::string data;        // "d": ciphertext || 16-byte tag
};

// {"$pii": {"c", "k", "n", "d"}}, members in that order.
boost::json::value MakeSealedObject(const SealedValue& sealed);

// The same object from the raw parts (`nonce` and `data` as bytes, base64-encoded here), allocated
// from `storage`: give it the payload's, so that moving the object into the payload is not a copy.
boost::json::value MakeSealedObject(std::string_view citizen_id, std::string_view key_id,
                                    std::string_view nonce, std::string_view data,
                                    boost::json::storage_ptr storage = {});

// Whether `object` has a "$pii" member: a sealed value, or a damaged one.
bool HasSealMember(const boost::json::object& object);

// Whether any object anywhere in `value` has a "$pii" member.
bool ContainsSealMember(const boost::json::value& value);

// The sealed value `object` holds. Corruption (saying what is wrong, without the pointer) unless it
// is exactly the form MakeSealedObject builds: one member "$pii" holding exactly the string members
// c (non-empty), k (a key id), n (12 bytes) and d (at least the tag), in canonical base64.
Result<SealedValue> ParseSealedObject(const boost::json::object& object);

// A sealed field as ParseSealedObject checks it, without copying the ids: `citizen_id` and `key_id`
// view the strings inside the object and are valid while it is unchanged.
struct SealedValueView {
  std::string_view citizen_id;  // "c"
  std::string_view key_id;      // "k"
  std::string nonce;            // "n": 12 bytes
  std::string data;             // "d": ciphertext || 16-byte tag
};

// Exactly ParseSealedObject's checks and errors, with the ids viewed in place.
Result<SealedValueView> ParseSealedView(const boost::json::object& object);

// The additional authenticated data that binds a field to its place: event id, "\n", pointer.
std::string FieldAad(std::string_view event_id, std::string_view concrete_pointer);
// The same into `out`, reusing its capacity (one buffer for every field of an event).
void AssignFieldAad(std::string* out, std::string_view event_id, std::string_view concrete_pointer);

}  // namespace rexian::privacy
