// LmdbKeyStore: data keys, the citizen → key index, tombstones and retired key ids in LMDB.
#include "privacy/lmdb_key_store.h"

#include <openssl/crypto.h>

#include <chrono>
#include <filesystem>

#include "privacy/aes_gcm.h"
#include "privacy/group_commit_queue.h"
#include "privacy/key_store_records.h"

namespace rexian {
namespace privacy {
namespace {

constexpr int kMaxIdDraws = 16;

std::int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

MDB_val Val(std::string_view s) {
  return MDB_val{s.size(), const_cast<char*>(s.data())};  // LMDB copies; never writes through it
}

std::string_view View(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    auto b = static_cast<unsigned char>(c);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

// A candidate id for a new key: the creation time in seconds (8 hex digits,
// so ids sort by time) and 32 random bits. New keys are thus appended at the
// end of the keys database, and a group commit of many keys dirties a few
// pages there instead of one random page per key. Ids are not secrets; the
// time is also in the key's record and in the events it seals.
Result<std::string> NewKeyIdCandidate(std::int64_t now_us) {
  Result<std::string> random = RandomBytes(kKeyIdHexSize / 4);
  if (!random.ok()) return random.status();
  const auto seconds = static_cast<std::uint32_t>(now_us / 1'000'000);
  const char time[4] = {static_cast<char>(seconds >> 24), static_cast<char>(seconds >> 16),
                        static_cast<char>(seconds >> 8), static_cast<char>(seconds)};
  return Hex(std::string_view(time, sizeof time)) + Hex(*random);
}

// A cursor closed at scope exit.
class Cursor {
 public:
  Cursor(LmdbTxn& txn, MDB_dbi dbi) { rc_ = mdb_cursor_open(txn.get(), dbi, &cursor_); }
  ~Cursor() {
    if (rc_ == 0) mdb_cursor_close(cursor_);
  }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  int open_rc() const { return rc_; }
  int Get(MDB_val* key, MDB_val* value, MDB_cursor_op op) {
    return mdb_cursor_get(cursor_, key, value, op);
  }

 private:
  MDB_cursor* cursor_ = nullptr;
  int rc_;
};

}  // namespace

Status LmdbKeyStore::RequireWritable(std::string_view what) const {
  if (!read_only_) return Status::OK();
  return Status::InvalidArgument("key store " + env_->dir() + " is open read-only: cannot " +
                                 std::string(what));
}

Status LmdbKeyStore::CitizenEntries(LmdbTxn& txn, std::string_view citizen_id,
                                    std::vector<std::string>* entries) {
  entries->clear();
  Cursor cursor(txn, env_->dbs().citizen_keys);
  if (Status s = txn.Check(cursor.open_rc(), "open cursor"); !s.ok()) return s;
  MDB_val key = Val(citizen_id);
  MDB_val value{};
  int rc = cursor.Get(&key, &value, MDB_SET_KEY);
  while (rc == 0) {
    entries->emplace_back(View(value));
    rc = cursor.Get(&key, &value, MDB_NEXT_DUP);
  }
  if (rc != MDB_NOTFOUND) return txn.Check(rc, "read citizen index");
  return Status::OK();
}

Status LmdbKeyStore::CurrentKey(LmdbTxn& txn, std::string_view citizen_id, DataKey* found,
                                bool* have) {
  *have = false;
  std::vector<std::string> entries;
  if (Status s = CitizenEntries(txn, citizen_id, &entries); !s.ok()) return s;
  // Newest first; a scrubbed key (a Forget interrupted between its two transactions) is skipped.
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    std::string_view id = CitizenKeyEntryId(*it);
    MDB_val key = Val(id);
    MDB_val value{};
    int rc = mdb_get(txn.get(), env_->dbs().keys, &key, &value);
    if (rc == MDB_NOTFOUND) continue;
    if (Status s = txn.Check(rc, "read key"); !s.ok()) return s;
    Result<std::optional<StoredKey>> stored = DecodeStoredKey(View(value));
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) continue;
    found->id.assign(id);
    found->key = (*stored)->key;
    OPENSSL_cleanse((*stored)->key.data(), (*stored)->key.size());
    *have = true;
    return Status::OK();
  }
  return Status::OK();
}

Status LmdbKeyStore::CreateKey(LmdbTxn& txn, std::string_view citizen_id, DataKey* created) {
  const KeyStoreDatabases& dbs = env_->dbs();
  std::string id;
  const std::int64_t now_us = NowUs();
  for (int draw = 0; id.empty() && draw < kMaxIdDraws; ++draw) {
    Result<std::string> candidate_id = NewKeyIdCandidate(now_us);
    if (!candidate_id.ok()) return candidate_id.status();
    std::string candidate = std::move(*candidate_id);
    MDB_val key = Val(candidate);
    MDB_val value{};
    int in_keys = mdb_get(txn.get(), dbs.keys, &key, &value);
    int in_retired = mdb_get(txn.get(), dbs.retired_keys, &key, &value);
    if (in_keys != MDB_NOTFOUND && in_keys != 0) return txn.Check(in_keys, "check key id");
    if (in_retired != MDB_NOTFOUND && in_retired != 0) return txn.Check(in_retired, "check key id");
    if (in_keys == MDB_NOTFOUND && in_retired == MDB_NOTFOUND) id = candidate;
  }
  if (id.empty()) return Status::Unavailable("key store: no unused key id after 16 draws");
  Result<std::string> material = RandomBytes(kGcmKeySize);
  if (!material.ok()) return material.status();

  StoredKey stored{std::string(citizen_id), now_us, *material};
  std::string record = EncodeStoredKey(stored);
  std::string entry = EncodeCitizenKeyEntry(stored.created_at_us, id);
  MDB_val key = Val(id);
  MDB_val value = Val(record);
  Status s = txn.Check(mdb_put(txn.get(), dbs.keys, &key, &value, MDB_NOOVERWRITE), "store key");
  OPENSSL_cleanse(record.data(), record.size());
  OPENSSL_cleanse(stored.key.data(), stored.key.size());
  if (!s.ok()) return s;
  MDB_val citizen = Val(citizen_id);
  MDB_val index = Val(entry);
  s = txn.Check(mdb_put(txn.get(), dbs.citizen_keys, &citizen, &index, 0), "index key");
  if (!s.ok()) return s;
  created->id = id;
  created->key = std::move(*material);
  return Status::OK();
}

Result<DataKey> LmdbKeyStore::KeyFor(std::string_view citizen_id) {
  if (Status s = CheckCitizenId(citizen_id); !s.ok()) return s;
  DataKey key;
  bool have = false;
  Status s = env_->Read([&](LmdbTxn& txn) { return CurrentKey(txn, citizen_id, &key, &have); });
  if (!s.ok()) return s;
  if (have) return key;
  if (s = RequireWritable("create a key for a new citizen"); !s.ok()) return s;
  // Check again inside the write transaction: another thread or process may have just created it,
  // or an earlier body of the same group commit. Neither CurrentKey nor CreateKey writes anything
  // before it can no longer fail but for an LMDB error, as GroupCommitQueue requires.
  GroupCommitQueue::Body create = [&](LmdbTxn& txn) {
    Status current = CurrentKey(txn, citizen_id, &key, &have);
    if (!current.ok() || have) return current;
    return CreateKey(txn, citizen_id, &key);
  };
  GroupCommitQueue& writer = env_->group_commit();
  s = group_commit_ ? writer.Write(create) : writer.WriteAlone(create);
  if (!s.ok()) {
    OPENSSL_cleanse(key.key.data(), key.key.size());  // a key that never became durable
    return s;
  }
  return key;
}

KeyStoreStats LmdbKeyStore::Stats() const {
  if (env_->read_only()) return KeyStoreStats{};
  return env_->group_commit().Stats();
}

Result<KeyInfo> LmdbKeyStore::Describe(std::string_view key_id) {
  if (Status s = CheckKeyId(key_id); !s.ok()) return s;
  KeyInfo info;
  Status s = env_->Read([&](LmdbTxn& txn) {
    MDB_val key = Val(key_id);
    MDB_val value{};
    int rc = mdb_get(txn.get(), env_->dbs().keys, &key, &value);
    if (rc == MDB_NOTFOUND) return Status::NotFound("no data key " + std::string(key_id));
    if (Status get = txn.Check(rc, "read key"); !get.ok()) return get;
    Result<std::optional<StoredKey>> stored = DecodeStoredKey(View(value));
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) {
      return Status::NotFound("data key " + std::string(key_id) + " was destroyed");
    }
    info.key.id.assign(key_id);
    info.key.key = std::move((*stored)->key);
    info.citizen_id = std::move((*stored)->citizen_id);
    info.created_at_us = (*stored)->created_at_us;
    return Status::OK();
  });
  if (!s.ok()) return s;
  return info;
}

Result<DataKey> LmdbKeyStore::Find(std::string_view key_id) {
  Result<KeyInfo> info = Describe(key_id);
  if (!info.ok()) return info.status();
  return std::move(info->key);
}

Result<std::size_t> LmdbKeyStore::Forget(std::string_view citizen_id) {
  if (Status s = CheckCitizenId(citizen_id); !s.ok()) return s;
  if (Status s = RequireWritable("forget a citizen"); !s.ok()) return s;
  const KeyStoreDatabases& dbs = env_->dbs();
  std::vector<std::string> entries;
  std::size_t destroyed = 0;

  // 1. Overwrite every live key record with zeros of the same length and commit, so that the page
  //    the deletion below rewrites holds no key bytes in its slack space.
  Status s = env_->Write([&](LmdbTxn& txn) {
    destroyed = 0;
    if (Status read = CitizenEntries(txn, citizen_id, &entries); !read.ok()) return read;
    for (const std::string& entry : entries) {
      MDB_val key = Val(CitizenKeyEntryId(entry));
      MDB_val value{};
      int rc = mdb_get(txn.get(), dbs.keys, &key, &value);
      if (rc == MDB_NOTFOUND) continue;
      if (Status get = txn.Check(rc, "read key"); !get.ok()) return get;
      Result<std::optional<StoredKey>> stored = DecodeStoredKey(View(value));
      if (stored.ok() && stored->has_value()) OPENSSL_cleanse((*stored)->key.data(), 32);
      if (stored.ok() && !stored->has_value()) continue;  // scrubbed by an interrupted Forget
      std::string zeros(value.mv_size, '\0');
      MDB_val scrubbed = Val(zeros);
      if (Status put = txn.Check(mdb_put(txn.get(), dbs.keys, &key, &scrubbed, 0), "scrub key");
          !put.ok()) {
        return put;
      }
      ++destroyed;
    }
    return Status::OK();
  });
  if (!s.ok()) return s;

  // 2. Delete the scrubbed records and their index entries, retire their ids for good, and record
  //    the tombstone. Keys created between the two transactions are not this Forget's.
  s = env_->Write([&](LmdbTxn& txn) {
    std::int64_t now = NowUs();
    std::string retired = EncodeRetiredKey(now);
    MDB_val citizen = Val(citizen_id);
    for (const std::string& entry : entries) {
      MDB_val key = Val(CitizenKeyEntryId(entry));
      int rc = mdb_del(txn.get(), dbs.keys, &key, nullptr);
      if (rc != MDB_NOTFOUND) {
        if (Status del = txn.Check(rc, "delete key"); !del.ok()) return del;
      }
      MDB_val when = Val(retired);
      if (Status put = txn.Check(mdb_put(txn.get(), dbs.retired_keys, &key, &when, 0), "retire");
          !put.ok()) {
        return put;
      }
      MDB_val index = Val(entry);
      rc = mdb_del(txn.get(), dbs.citizen_keys, &citizen, &index);
      if (rc != MDB_NOTFOUND) {
        if (Status del = txn.Check(rc, "delete index entry"); !del.ok()) return del;
      }
    }
    MDB_val value{};
    int rc = mdb_get(txn.get(), dbs.tombstones, &citizen, &value);
    if (rc != 0 && rc != MDB_NOTFOUND) return txn.Check(rc, "read tombstone");
    if (rc == 0 && entries.empty()) return Status::OK();  // forgotten already, nothing new
    Tombstone tombstone{now, now, 0};
    if (rc == 0) {
      Result<Tombstone> old = DecodeTombstone(View(value));
      if (!old.ok()) return old.status();
      tombstone.first_forgotten_us = old->first_forgotten_us;
      tombstone.times = old->times;
    }
    ++tombstone.times;
    std::string record = EncodeTombstone(tombstone);
    MDB_val stone = Val(record);
    return txn.Check(mdb_put(txn.get(), dbs.tombstones, &citizen, &stone, 0), "write tombstone");
  });
  if (!s.ok()) return s;
  return destroyed;
}

Result<std::int64_t> LmdbKeyStore::LastForgottenAt(std::string_view citizen_id) {
  if (Status s = CheckCitizenId(citizen_id); !s.ok()) return s;
  std::int64_t last = 0;
  Status s = env_->Read([&](LmdbTxn& txn) {
    MDB_val citizen = Val(citizen_id);
    MDB_val value{};
    int rc = mdb_get(txn.get(), env_->dbs().tombstones, &citizen, &value);
    if (rc == MDB_NOTFOUND) return Status::NotFound("citizen was never forgotten");
    if (Status get = txn.Check(rc, "read tombstone"); !get.ok()) return get;
    Result<Tombstone> tombstone = DecodeTombstone(View(value));
    if (!tombstone.ok()) return tombstone.status();
    last = tombstone->last_forgotten_us;
    return Status::OK();
  });
  if (!s.ok()) return s;
  return last;
}

bool LmdbKeyStore::WasForgotten(std::string_view citizen_id) {
  return LastForgottenAt(citizen_id).ok();
}

Status LmdbKeyStore::Backup(const std::string& dest_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  bool created = fs::create_directories(dest_dir, ec);
  if (ec)
    return Status::IoError("cannot create backup directory " + dest_dir + ": " + ec.message());
  if (created) fs::permissions(dest_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  bool empty = fs::is_empty(dest_dir, ec);
  if (ec) return Status::IoError("cannot read backup directory " + dest_dir + ": " + ec.message());
  if (!empty) return Status::InvalidArgument("backup directory " + dest_dir + " is not empty");
  if (Status s = env_->CopyCompacted(dest_dir); !s.ok()) return s;
  fs::permissions(fs::path(dest_dir) / "data.mdb", fs::perms::owner_read | fs::perms::owner_write,
                  fs::perm_options::replace, ec);
  if (ec) return Status::IoError("cannot restrict permissions of the backup: " + ec.message());
  return Status::OK();
}

}  // namespace privacy

Result<std::unique_ptr<KeyStore>> KeyStore::Open(const std::string& dir, bool read_only) {
  KeyStoreOptions options;
  options.read_only = read_only;
  return Open(dir, options);
}

Result<std::unique_ptr<KeyStore>> KeyStore::Open(const std::string& dir,
                                                 const KeyStoreOptions& options) {
  privacy::LmdbEnvironment::Options env_options;
  env_options.read_only = options.read_only;
  env_options.initial_map_size = options.initial_map_size;
  Result<std::shared_ptr<privacy::LmdbEnvironment>> env =
      privacy::LmdbEnvironment::Acquire(dir, env_options);
  if (!env.ok()) return env.status();
  return std::unique_ptr<KeyStore>(std::make_unique<privacy::LmdbKeyStore>(
      std::move(*env), options.read_only, options.group_commit));
}

}  // namespace rexian
