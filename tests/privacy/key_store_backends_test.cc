// The KeyStore contract on both backends (LMDB directory, PostgreSQL tables), and the pseudonym
// secret each backend shares between processes and nodes.
#include <catch2/catch.hpp>
#include <map>
#include <thread>

#include "intake/pseudonym_secret.h"
#include "rexian/pg_key_store.h"
#include "rexian/privacy.h"
#include "support/pg_test_database.h"
#include "support/temp_dir.h"

namespace rexian::testing {
namespace {

// Each backend owns one empty key store; Open() may be called again for a
// second "node" (another KeyStore on the same directory or database).

class LmdbKeys {
 public:
  bool available() const { return true; }
  Result<std::unique_ptr<KeyStore>> TryOpen(bool read_only = false) const {
    return KeyStore::Open(dir_.sub("keys"), read_only);
  }
  Result<std::string> Secret() const { return LoadPseudonymSecret(dir_.sub("keys")); }

 private:
  TempDir dir_;
};

class PgKeys {
 public:
  bool available() const { return db_.available(); }
  Result<std::unique_ptr<KeyStore>> TryOpen(bool read_only = false) const {
    PgKeyStoreOptions options;
    options.dsn = db_.dsn();
    options.read_only = read_only;
    return OpenPgKeyStore(options);
  }
  Result<std::string> Secret() const { return LoadPgPseudonymSecret(db_.dsn()); }
  const PgTestDatabase& database() const { return db_; }

 private:
  PgTestDatabase db_;
};

template <typename Backend>
std::unique_ptr<KeyStore> Open(const Backend& backend, bool read_only = false) {
  auto store = backend.TryOpen(read_only);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(store).value();
}

TEMPLATE_TEST_CASE("KeyFor creates one key per citizen, Find and Describe return it",
                   "[privacy][postgres]", LmdbKeys, PgKeys) {
  TestType backend;
  if (!backend.available()) return;
  auto store = Open(backend);
  Result<DataKey> a = store->KeyFor("citizen-a");
  Result<DataKey> b = store->KeyFor("citizen-b");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->id.size() == 16);
  CHECK(a->id.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a->key.size() == 32);
  CHECK(a->id != b->id);
  CHECK(a->key != b->key);
  Result<DataKey> again = store->KeyFor("citizen-a");
  REQUIRE(again.ok());
  CHECK(again->id == a->id);
  CHECK(again->key == a->key);
  Result<KeyInfo> info = store->Describe(b->id);
  REQUIRE(info.ok());
  CHECK(info->citizen_id == "citizen-b");
  CHECK(info->key.key == b->key);
  CHECK(info->created_at_us > 1'700'000'000'000'000);
  CHECK(store->Find("0000000000000000").status().IsNotFound());
  CHECK(store->Find("not-a-key-id").status().IsInvalidArgument());
  CHECK(store->KeyFor("").status().IsInvalidArgument());
  CHECK(store->KeyFor(std::string(257, 'x')).status().IsInvalidArgument());
  CHECK(store->KeyFor(std::string(256, 'x')).ok());
  CHECK(store->KeyFor("市民 ☎ 13800000000").ok());

  store.reset();  // durable across reopening
  auto reopened = Open(backend);
  Result<DataKey> after = reopened->KeyFor("citizen-a");
  REQUIRE(after.ok());
  CHECK(after->id == a->id);
  CHECK(after->key == a->key);
}

TEMPLATE_TEST_CASE("Forget destroys the key everywhere, keeps a tombstone, a return gets a new key",
                   "[privacy][postgres]", LmdbKeys, PgKeys) {
  TestType backend;
  if (!backend.available()) return;
  auto node_a = Open(backend);
  auto node_b = Open(backend);  // another process or node on the same store
  Result<DataKey> old_key = node_a->KeyFor("citizen-f");
  Result<DataKey> other = node_a->KeyFor("citizen-g");
  REQUIRE(old_key.ok());
  REQUIRE(other.ok());
  Result<DataKey> seen = node_b->KeyFor("citizen-f");
  REQUIRE(seen.ok());
  CHECK(seen->id == old_key->id);

  Result<std::size_t> forgotten = node_b->Forget("citizen-f");
  REQUIRE(forgotten.ok());
  CHECK(*forgotten == 1);
  CHECK(node_a->Find(old_key->id).status().IsNotFound());
  CHECK(node_a->Describe(old_key->id).status().IsNotFound());
  CHECK(node_a->WasForgotten("citizen-f"));
  Result<std::int64_t> when = node_a->LastForgottenAt("citizen-f");
  REQUIRE(when.ok());
  CHECK(*when > 1'700'000'000'000'000);
  CHECK(node_a->Find(other->id).ok());
  CHECK_FALSE(node_a->WasForgotten("citizen-g"));
  CHECK(node_a->LastForgottenAt("citizen-g").status().IsNotFound());

  Result<std::size_t> again = node_a->Forget("citizen-f");
  REQUIRE(again.ok());
  CHECK(*again == 0);
  CHECK(*node_b->LastForgottenAt("citizen-f") == *when);  // idempotent

  Result<DataKey> fresh = node_a->KeyFor("citizen-f");
  REQUIRE(fresh.ok());
  CHECK(fresh->id != old_key->id);
  CHECK(fresh->key != old_key->key);
  CHECK(node_b->KeyFor("citizen-f")->id == fresh->id);
  CHECK(node_b->Find(old_key->id).status().IsNotFound());
  Result<std::size_t> second = node_b->Forget("citizen-f");
  REQUIRE(second.ok());
  CHECK(*second == 1);

  Result<std::size_t> none = node_a->Forget("citizen-unknown");
  REQUIRE(none.ok());
  CHECK(*none == 0);
  CHECK(node_b->WasForgotten("citizen-unknown"));
}

TEMPLATE_TEST_CASE("a read-only key store reads keys and refuses to change them",
                   "[privacy][postgres]", LmdbKeys, PgKeys) {
  TestType backend;
  if (!backend.available()) return;
  DataKey key;
  {
    auto writer = Open(backend);
    key = *writer->KeyFor("citizen-ro");
  }
  auto reader = Open(backend, /*read_only=*/true);
  Result<DataKey> found = reader->KeyFor("citizen-ro");
  REQUIRE(found.ok());
  CHECK(found->key == key.key);
  CHECK(reader->Find(key.id).ok());
  CHECK(reader->KeyFor("citizen-new").status().IsInvalidArgument());
  CHECK(reader->Forget("citizen-ro").status().IsInvalidArgument());
  CHECK(reader->Find(key.id).ok());
}

TEMPLATE_TEST_CASE("concurrent KeyFor calls on two stores agree on one key per citizen",
                   "[privacy][postgres]", LmdbKeys, PgKeys) {
  TestType backend;
  if (!backend.available()) return;
  auto node_a = Open(backend);
  auto node_b = Open(backend);
  constexpr int kThreads = 8;
  constexpr int kCitizens = 60;
  std::vector<std::map<int, DataKey>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      KeyStore* store = t % 2 == 0 ? node_a.get() : node_b.get();
      for (int c = 0; c < kCitizens; ++c) {
        int citizen = (c + t * 7) % kCitizens;
        Result<DataKey> key = store->KeyFor("citizen-" + std::to_string(citizen));
        if (key.ok()) got[t][citizen] = *key;
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int c = 0; c < kCitizens; ++c) {
    Result<DataKey> final_key = node_a->KeyFor("citizen-" + std::to_string(c));
    REQUIRE(final_key.ok());
    for (int t = 0; t < kThreads; ++t) {
      INFO("thread " << t << " citizen " << c);
      REQUIRE(got[t].count(c) == 1);
      CHECK(got[t][c].id == final_key->id);
      CHECK(got[t][c].key == final_key->key);
    }
  }
  // Creations were counted, and shared commits (never more commits than requests).
  const KeyStoreStats a = node_a->Stats();
  const KeyStoreStats b = node_b->Stats();
  CHECK(a.creation_requests + b.creation_requests >= kCitizens);
  CHECK(a.creation_commits <= a.creation_requests);
  CHECK(a.largest_commit >= 1);
}

TEMPLATE_TEST_CASE("the pseudonym secret is created once and shared", "[privacy][postgres]",
                   LmdbKeys, PgKeys) {
  TestType backend;
  if (!backend.available()) return;
  std::vector<std::string> secrets(6);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < secrets.size(); ++i) {
    threads.emplace_back([&, i] {
      auto secret = backend.Secret();
      if (secret.ok()) secrets[i] = *secret;
    });
  }
  for (auto& t : threads) t.join();
  REQUIRE(secrets[0].size() == 32);
  for (const std::string& s : secrets) CHECK(s == secrets[0]);
  auto later = backend.Secret();
  REQUIRE(later.ok());
  CHECK(*later == secrets[0]);
}

TEST_CASE("the PostgreSQL key store: tables hold no key of a forgotten citizen",
          "[privacy][postgres]") {
  PgKeys backend;
  if (!backend.available()) return;
  auto store = Open(backend);
  REQUIRE(store->KeyFor("citizen-x").ok());
  REQUIRE(store->Forget("citizen-x").ok());
  backend.database().Execute(
      "DO $$ BEGIN IF EXISTS (SELECT 1 FROM rexian_keys WHERE citizen_id = 'citizen-x') "
      "THEN RAISE EXCEPTION 'key still there'; END IF; END $$");
  CHECK(store->Backup("/tmp/never").IsUnsupported());
}

}  // namespace
}  // namespace rexian::testing
