// The byte layouts of the key store's LMDB records (format 1; see docs/personal-data.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rexian/status.h"

namespace rexian::privacy {

inline constexpr std::size_t kKeyIdHexSize = 16;

// "keys": key id → [u8 state=1][i64 LE created_at_us][32-byte key][citizen id]. Forget first
// overwrites the whole record with zeros (state 0, "scrubbed"), then deletes it.
struct StoredKey {
  std::string citizen_id;
  std::int64_t created_at_us = 0;
  std::string key;  // 32 raw bytes
};
std::string EncodeStoredKey(const StoredKey& stored);
// The key, nullopt if the record was scrubbed, Corruption if it is neither.
Result<std::optional<StoredKey>> DecodeStoredKey(std::string_view record);

// "citizen_keys" (dupsort, dupfixed): citizen id → [i64 BE created_at_us][16-char key id], one
// entry per key, so the last duplicate is the newest key.
inline constexpr std::size_t kCitizenKeyEntrySize = 8 + kKeyIdHexSize;
std::string EncodeCitizenKeyEntry(std::int64_t created_at_us, std::string_view key_id);
// The key id of an entry. REQUIRES: entry.size() == kCitizenKeyEntrySize.
std::string_view CitizenKeyEntryId(std::string_view entry);

// "tombstones": citizen id → [i64 LE first forgotten][i64 LE last forgotten][u32 LE times].
struct Tombstone {
  std::int64_t first_forgotten_us = 0;
  std::int64_t last_forgotten_us = 0;
  std::uint32_t times = 0;
};
std::string EncodeTombstone(const Tombstone& tombstone);
Result<Tombstone> DecodeTombstone(std::string_view record);

// "retired_keys": key id → [i64 LE destroyed_at_us]. Ids are never handed out twice.
std::string EncodeRetiredKey(std::int64_t destroyed_at_us);

// Whether `id` has the form of a key id: 16 lowercase hex characters.
bool IsKeyId(std::string_view id);

// InvalidArgument unless `citizen_id` is 1 to 256 bytes long.
Status CheckCitizenId(std::string_view citizen_id);
// InvalidArgument unless IsKeyId(key_id).
Status CheckKeyId(std::string_view key_id);

}  // namespace rexian::privacy
