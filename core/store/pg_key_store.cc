// PgKeyStore: data keys, tombstones, retired key ids and the pseudonym secret in PostgreSQL.
#include "store/pg_key_store.h"

#include <openssl/crypto.h>

#include <chrono>
#include <map>
#include <optional>

#include "privacy/aes_gcm.h"
#include "privacy/key_store_records.h"
#include "store/pg_schema.h"

namespace rexian {
namespace pg {
namespace {

constexpr int kMaxIdDraws = 16;
constexpr std::size_t kMaxCreationsPerInsert = 1024;
constexpr std::size_t kIdBytes = privacy::kKeyIdHexSize / 2;
constexpr std::size_t kKeyBytes = privacy::kGcmKeySize;
constexpr std::size_t kSecretBytes = 32;

std::int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One row per citizen of $1, its id and key cut from the random bytes $2 and
// $3 (8 and 32 bytes per row), so no key material is ever spelt in hex. An id
// that was ever used (live or retired) or a citizen who already has a key
// inserts nothing: the caller reads the keys back and draws again for the
// citizens still without one.
constexpr const char* kInsertKeys = R"sql(
INSERT INTO rexian_keys (key_id, citizen_id, created_at_us, key)
SELECT encode(substring($2::bytea FROM (t.n * 8 - 7)::int FOR 8), 'hex'), t.citizen_id,
       $4::bigint, substring($3::bytea FROM (t.n * 32 - 31)::int FOR 32)
FROM unnest($1::text[]) WITH ORDINALITY AS t(citizen_id, n)
WHERE NOT EXISTS (
  SELECT 1 FROM rexian_retired_keys r
  WHERE r.key_id = encode(substring($2::bytea FROM (t.n * 8 - 7)::int FOR 8), 'hex'))
ON CONFLICT DO NOTHING)sql";

constexpr const char* kSelectKeys =
    "SELECT citizen_id, key_id, key FROM rexian_keys WHERE citizen_id = ANY($1::text[])";

// Deletes the citizen's keys, retires their ids and records the tombstone,
// all in one statement (one transaction).
constexpr const char* kForget = R"sql(
WITH gone AS (DELETE FROM rexian_keys WHERE citizen_id = $1::text RETURNING key_id),
retired AS (
  INSERT INTO rexian_retired_keys (key_id, destroyed_at_us)
  SELECT key_id, $2::bigint FROM gone ON CONFLICT DO NOTHING),
stone AS (
  INSERT INTO rexian_key_tombstones AS s VALUES ($1::text, $2::bigint, $2::bigint, 1)
  ON CONFLICT (citizen_id) DO UPDATE SET last_forgotten_us = $2::bigint, times = s.times + 1
  WHERE EXISTS (SELECT 1 FROM gone))
SELECT count(*)::bigint FROM gone)sql";

}  // namespace

Status PgKeyStore::CurrentKey(Connection* conn, std::string_view citizen_id, DataKey* key,
                              bool* have) {
  Params params;
  params.AddBytes(citizen_id);
  auto r = conn->Exec("SELECT key_id, key FROM rexian_keys WHERE citizen_id = $1::text", params,
                      "read a citizen's key");
  if (!r.ok()) return r.status();
  *have = PQntuples(r->get()) == 1;
  if (*have) {
    key->id = GetBytes(r->get(), 0, 0);
    key->key = GetBytes(r->get(), 0, 1);
  }
  return Status::OK();
}

Result<DataKey> PgKeyStore::KeyFor(std::string_view citizen_id) {
  if (Status s = privacy::CheckCitizenId(citizen_id); !s.ok()) return s;
  DataKey key;
  bool have = false;
  Status s = WithConnection(
      &pool_, [&](Connection* conn) { return CurrentKey(conn, citizen_id, &key, &have); });
  if (!s.ok()) return s;
  if (have) return key;
  if (read_only_) {
    return Status::InvalidArgument(
        "key store in PostgreSQL is open read-only: cannot create a key for a new citizen");
  }
  Creation creation;
  creation.citizen_id = citizen_id;
  if (group_commit_) {
    Enqueue(&creation);
  } else {
    CreateKeys({&creation});
  }
  if (!creation.outcome.ok()) return creation.outcome;
  return std::move(creation.key);
}

void PgKeyStore::Enqueue(Creation* creation) {
  std::unique_lock<std::mutex> lock(mu_);
  queue_.push_back(creation);
  wake_.wait(lock, [&] { return creation->done || queue_.front() == creation; });
  if (creation->done) return;
  // The leader: carry everyone queued so far.
  std::vector<Creation*> batch;
  for (Creation* c : queue_) {
    if (batch.size() == kMaxCreationsPerInsert) break;
    batch.push_back(c);
  }
  lock.unlock();
  CreateKeys(batch);
  lock.lock();
  for (Creation* c : batch) {
    c->done = true;
    queue_.pop_front();
  }
  wake_.notify_all();
}

void PgKeyStore::CreateKeys(const std::vector<Creation*>& batch) {
  std::vector<Creation*> pending = batch;
  Status failure;
  for (int draw = 0; draw < kMaxIdDraws && !pending.empty() && failure.ok(); ++draw) {
    std::vector<std::string_view> citizens;
    for (const Creation* c : pending) citizens.push_back(c->citizen_id);
    Result<std::string> ids = privacy::RandomBytes(kIdBytes * pending.size());
    Result<std::string> keys = privacy::RandomBytes(kKeyBytes * pending.size());
    if (!ids.ok() || !keys.ok()) {
      failure = ids.ok() ? keys.status() : ids.status();
      break;
    }
    Params insert;
    insert.AddTextArray(citizens);
    insert.AddBytes(*ids);
    insert.AddBytes(*keys);
    insert.AddInt64(NowUs());
    OPENSSL_cleanse(keys->data(), keys->size());
    Params select;
    select.AddTextArray(citizens);
    std::map<std::string, DataKey, std::less<>> found;
    // Safe to repeat on a fresh connection: the insert changes nothing the
    // second time, and the read-back says what committed.
    failure = WithConnection(&pool_, [&](Connection* conn) {
      auto inserted = conn->Exec(kInsertKeys, insert, "create data keys");
      if (!inserted.ok()) return inserted.status();
      auto rows = conn->Exec(kSelectKeys, select, "read created data keys");
      if (!rows.ok()) return rows.status();
      found.clear();
      for (int i = 0; i < PQntuples(rows->get()); ++i) {
        found[std::string(GetBytes(rows->get(), i, 0))] =
            DataKey{std::string(GetBytes(rows->get(), i, 1)), std::string(GetBytes(rows->get(), i, 2))};
      }
      return Status::OK();
    });
    insert = Params();  // drops the copy of the key material
    std::vector<Creation*> still;
    for (Creation* c : pending) {
      auto it = failure.ok() ? found.find(c->citizen_id) : found.end();
      if (it == found.end()) {
        still.push_back(c);
      } else {
        c->key = it->second;
      }
    }
    for (auto& [citizen, key] : found) OPENSSL_cleanse(key.key.data(), key.key.size());
    pending.swap(still);
  }
  for (Creation* c : pending) {
    c->outcome = !failure.ok() ? failure
                               : Status::Unavailable("key store: no unused key id after 16 draws");
  }
  std::lock_guard<std::mutex> lock(mu_);
  ++stats_.creation_commits;
  stats_.creation_requests += batch.size();
  if (batch.size() > stats_.largest_commit) stats_.largest_commit = batch.size();
}

Result<KeyInfo> PgKeyStore::Describe(std::string_view key_id) {
  if (Status s = privacy::CheckKeyId(key_id); !s.ok()) return s;
  KeyInfo info;
  bool retired = false;
  bool have = false;
  Status s = WithConnection(&pool_, [&](Connection* conn) {
    Params params;
    params.AddBytes(key_id);
    auto r = conn->Exec(
        "SELECT citizen_id, created_at_us, key FROM rexian_keys WHERE key_id = $1::text "
        "UNION ALL SELECT NULL, NULL, NULL FROM rexian_retired_keys WHERE key_id = $1::text",
        params, "read a data key");
    if (!r.ok()) return r.status();
    have = PQntuples(r->get()) == 1 && !PQgetisnull(r->get(), 0, 0);
    retired = PQntuples(r->get()) == 1 && PQgetisnull(r->get(), 0, 0);
    if (have) {
      info.citizen_id = GetBytes(r->get(), 0, 0);
      info.created_at_us = GetInt64(r->get(), 0, 1);
      info.key.key = GetBytes(r->get(), 0, 2);
    }
    return Status::OK();
  });
  if (!s.ok()) return s;
  if (retired) return Status::NotFound("data key " + std::string(key_id) + " was destroyed");
  if (!have) return Status::NotFound("no data key " + std::string(key_id));
  info.key.id = key_id;
  return info;
}

Result<DataKey> PgKeyStore::Find(std::string_view key_id) {
  Result<KeyInfo> info = Describe(key_id);
  if (!info.ok()) return info.status();
  return std::move(info->key);
}

Result<std::size_t> PgKeyStore::Forget(std::string_view citizen_id) {
  if (Status s = privacy::CheckCitizenId(citizen_id); !s.ok()) return s;
  if (read_only_) {
    return Status::InvalidArgument("key store in PostgreSQL is open read-only: cannot forget");
  }
  std::size_t destroyed = 0;
  Params params;
  params.AddBytes(citizen_id);
  params.AddInt64(NowUs());
  // A repeat after a lost connection destroys nothing more and counts 0.
  Status s = WithConnection(&pool_, [&](Connection* conn) {
    auto r = conn->Exec(kForget, params, "forget a citizen");
    if (!r.ok()) return r.status();
    destroyed = static_cast<std::size_t>(GetInt64(r->get(), 0, 0));
    return Status::OK();
  });
  if (!s.ok()) return s;
  return destroyed;
}

Result<std::int64_t> PgKeyStore::LastForgottenAt(std::string_view citizen_id) {
  if (Status s = privacy::CheckCitizenId(citizen_id); !s.ok()) return s;
  std::optional<std::int64_t> last;
  Status s = WithConnection(&pool_, [&](Connection* conn) {
    Params params;
    params.AddBytes(citizen_id);
    auto r = conn->Exec(
        "SELECT last_forgotten_us FROM rexian_key_tombstones WHERE citizen_id = $1::text", params,
        "read a tombstone");
    if (!r.ok()) return r.status();
    if (PQntuples(r->get()) == 1) last = GetInt64(r->get(), 0, 0);
    return Status::OK();
  });
  if (!s.ok()) return s;
  if (!last) return Status::NotFound("citizen was never forgotten");
  return *last;
}

bool PgKeyStore::WasForgotten(std::string_view citizen_id) {
  return LastForgottenAt(citizen_id).ok();
}

Status PgKeyStore::Backup(const std::string&) {
  return Status::Unsupported(
      "the key store is in PostgreSQL: it is backed up with the database (pg_basebackup, pg_dump)");
}

KeyStoreStats PgKeyStore::Stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

}  // namespace pg

Result<std::unique_ptr<KeyStore>> OpenPgKeyStore(const PgKeyStoreOptions& options) {
  if (options.dsn.empty()) return Status::InvalidArgument("store.dsn: must not be empty");
  auto conn = pg::Connection::Open(options.dsn);
  if (!conn.ok()) return conn.status();
  if (!options.read_only) {
    if (Status s = pg::MigrateSchema(conn->get()); !s.ok()) return s;
  }
  return std::unique_ptr<KeyStore>(std::make_unique<pg::PgKeyStore>(options));
}

Result<std::string> LoadPgPseudonymSecret(const std::string& dsn) {
  auto conn = pg::Connection::Open(dsn);
  if (!conn.ok()) return conn.status();
  if (Status s = pg::MigrateSchema(conn->get()); !s.ok()) return s;
  Result<std::string> fresh = privacy::RandomBytes(pg::kSecretBytes);
  if (!fresh.ok()) return fresh.status();
  pg::Params params;
  params.AddBytes("pseudonym");
  params.AddBytes(*fresh);
  OPENSSL_cleanse(fresh->data(), fresh->size());
  // Whoever inserts first wins; everyone reads the winner's secret back.
  auto inserted = (*conn)->Exec(
      "INSERT INTO rexian_secrets (name, value) VALUES ($1::text, $2::bytea) "
      "ON CONFLICT (name) DO NOTHING",
      params, "create the pseudonym secret");
  if (!inserted.ok()) return inserted.status();
  pg::Params name;
  name.AddBytes("pseudonym");
  auto r = (*conn)->Exec("SELECT value FROM rexian_secrets WHERE name = $1::text", name,
                         "read the pseudonym secret");
  if (!r.ok()) return r.status();
  if (PQntuples(r->get()) != 1) return Status::Corruption("PostgreSQL: no pseudonym secret");
  std::string secret(pg::GetBytes(r->get(), 0, 0));
  if (secret.size() != pg::kSecretBytes) {
    return Status::Corruption("PostgreSQL: the pseudonym secret in rexian_secrets has " +
                              std::to_string(secret.size()) + " bytes, expected 32");
  }
  return secret;
}

}  // namespace rexian
