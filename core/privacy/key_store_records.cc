// Encoding and decoding of the key store's fixed-layout LMDB records.
#include "privacy/key_store_records.h"

#include <algorithm>

namespace rexian::privacy {
namespace {

constexpr std::size_t kKeySize = 32;
constexpr std::size_t kStoredKeyHeader = 1 + 8 + kKeySize;
constexpr std::size_t kTombstoneSize = 8 + 8 + 4;

void PutLittleEndian(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint64_t GetLittleEndian(std::string_view in, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) {
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[static_cast<std::size_t>(i)]))
         << (8 * i);
  }
  return v;
}

}  // namespace

std::string EncodeStoredKey(const StoredKey& stored) {
  std::string out;
  out.reserve(kStoredKeyHeader + stored.citizen_id.size());
  out.push_back('\x01');
  PutLittleEndian(out, static_cast<std::uint64_t>(stored.created_at_us), 8);
  out += stored.key;
  out += stored.citizen_id;
  return out;
}

Result<std::optional<StoredKey>> DecodeStoredKey(std::string_view record) {
  if (!record.empty() && std::all_of(record.begin(), record.end(), [](char c) { return c == 0; })) {
    return std::optional<StoredKey>();
  }
  if (record.size() <= kStoredKeyHeader || record[0] != '\x01') {
    return Status::Corruption("key store: malformed key record");
  }
  StoredKey stored;
  stored.created_at_us = static_cast<std::int64_t>(GetLittleEndian(record.substr(1), 8));
  stored.key.assign(record.substr(9, kKeySize));
  stored.citizen_id.assign(record.substr(kStoredKeyHeader));
  return std::optional<StoredKey>(std::move(stored));
}

std::string EncodeCitizenKeyEntry(std::int64_t created_at_us, std::string_view key_id) {
  std::string out;
  out.reserve(kCitizenKeyEntrySize);
  auto v = static_cast<std::uint64_t>(created_at_us);
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  out += key_id;
  return out;
}

std::string_view CitizenKeyEntryId(std::string_view entry) { return entry.substr(8); }

std::string EncodeTombstone(const Tombstone& tombstone) {
  std::string out;
  out.reserve(kTombstoneSize);
  PutLittleEndian(out, static_cast<std::uint64_t>(tombstone.first_forgotten_us), 8);
  PutLittleEndian(out, static_cast<std::uint64_t>(tombstone.last_forgotten_us), 8);
  PutLittleEndian(out, tombstone.times, 4);
  return out;
}

Result<Tombstone> DecodeTombstone(std::string_view record) {
  if (record.size() != kTombstoneSize) return Status::Corruption("key store: malformed tombstone");
  Tombstone t;
  t.first_forgotten_us = static_cast<std::int64_t>(GetLittleEndian(record, 8));
  t.last_forgotten_us = static_cast<std::int64_t>(GetLittleEndian(record.substr(8), 8));
  t.times = static_cast<std::uint32_t>(GetLittleEndian(record.substr(16), 4));
  return t;
}

std::string EncodeRetiredKey(std::int64_t destroyed_at_us) {
  std::string out;
  PutLittleEndian(out, static_cast<std::uint64_t>(destroyed_at_us), 8);
  return out;
}

bool IsKeyId(std::string_view id) {
  return id.size() == kKeyIdHexSize && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Status CheckCitizenId(std::string_view citizen_id) {
  if (citizen_id.empty()) return Status::InvalidArgument("citizen id is empty");
  if (citizen_id.size() > 256) return Status::InvalidArgument("citizen id longer than 256 bytes");
  return Status::OK();
}

Status CheckKeyId(std::string_view key_id) {
  if (!IsKeyId(key_id)) {
    return Status::InvalidArgument("key id must be 16 lowercase hex characters");
  }
  return Status::OK();
}

}  // namespace rexian::privacy
