// Tests of KeyStore on real LMDB directories: keys, Forget, sharing, read-only, backup, threads.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <thread>

#include "rexian/privacy.h"
#include "temp_dir.h"

namespace rexian {
namespace {

using testing::TempDir;

std::unique_ptr<KeyStore> OpenStore(const std::string& dir, bool read_only = false) {
  Result<std::unique_ptr<KeyStore>> store = KeyStore::Open(dir, read_only);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(*store);
}

bool IsLowerHex16(const std::string& id) {
  return id.size() == 16 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST_CASE("KeyFor creates one random key per citizen and returns it again", "[privacy]") {
  TempDir tmp;
  auto store = OpenStore(tmp.path("keys"));
  Result<DataKey> a = store->KeyFor("citizen-a");
  Result<DataKey> b = store->KeyFor("citizen-b");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(IsLowerHex16(a->id));
  CHECK(a->key.size() == 32);
  CHECK(a->id != b->id);
  CHECK(a->key != b->key);

  Result<DataKey> again = store->KeyFor("citizen-a");
  REQUIRE(again.ok());
  CHECK(again->id == a->id);
  CHECK(again->key == a->key);

  Result<DataKey> found = store->Find(a->id);
  REQUIRE(found.ok());
  CHECK(found->key == a->key);
  Result<KeyInfo> info = store->Describe(b->id);
  REQUIRE(info.ok());
  CHECK(info->citizen_id == "citizen-b");
  CHECK(info->created_at_us > 1'700'000'000'000'000);

  CHECK(store->Find("0000000000000000").status().IsNotFound());
  CHECK(store->Find("not-a-key-id").status().IsInvalidArgument());
  CHECK(store->KeyFor("").status().IsInvalidArgument());
  CHECK(store->KeyFor(std::string(257, 'x')).status().IsInvalidArgument());
  CHECK(store->KeyFor(std::string(256, 'x')).ok());
  CHECK_FALSE(store->WasForgotten("citizen-a"));
}

TEST_CASE("keys are durable across closing and reopening the store", "[privacy]") {
  TempDir tmp;
  DataKey key;
  {
    auto store = OpenStore(tmp.path("keys"));
    Result<DataKey> created = store->KeyFor("citizen-durable");
    REQUIRE(created.ok());
    key = *created;
  }
  auto reopened = OpenStore(tmp.path("keys"));
  Result<DataKey> found = reopened->KeyFor("citizen-durable");
  REQUIRE(found.ok());
  CHECK(found->id == key.id);
  CHECK(found->key == key.key);
  // Key files are for the owner only.
  auto perms = std::filesystem::status(tmp.path("keys/data.mdb")).permissions();
  CHECK((perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) ==
        std::filesystem::perms::none);
}

TEST_CASE("Forget destroys the citizen's key, keeps a tombstone and is idempotent", "[privacy]") {
  TempDir tmp;
  auto store = OpenStore(tmp.path("keys"));
  Result<DataKey> old_key = store->KeyFor("citizen-f");
  Result<DataKey> other = store->KeyFor("citizen-g");
  REQUIRE(old_key.ok());
  REQUIRE(other.ok());

  Result<std::size_t> forgotten = store->Forget("citizen-f");
  REQUIRE(forgotten.ok());
  CHECK(*forgotten == 1);
  CHECK(store->Find(old_key->id).status().IsNotFound());
  CHECK(store->WasForgotten("citizen-f"));
  Result<std::int64_t> when = store->LastForgottenAt("citizen-f");
  REQUIRE(when.ok());
  CHECK(*when > 1'700'000'000'000'000);
  CHECK(store->Find(other->id).ok());  // other citizens are untouched
  CHECK_FALSE(store->WasForgotten("citizen-g"));

  Result<std::size_t> again = store->Forget("citizen-f");
  REQUIRE(again.ok());
  CHECK(*again == 0);
  CHECK(*store->LastForgottenAt("citizen-f") == *when);  // idempotent: nothing changed

  SECTION("a returning citizen gets a new key; the old one stays destroyed") {
    Result<DataKey> new_key = store->KeyFor("citizen-f");
    REQUIRE(new_key.ok());
    CHECK(new_key->id != old_key->id);
    CHECK(new_key->key != old_key->key);
    CHECK(store->Find(old_key->id).status().IsNotFound());
    CHECK(store->WasForgotten("citizen-f"));
    Result<std::size_t> second = store->Forget("citizen-f");
    REQUIRE(second.ok());
    CHECK(*second == 1);
    CHECK(*store->LastForgottenAt("citizen-f") >= *when);
  }
  SECTION("forgetting a citizen who never had a key records the request") {
    Result<std::size_t> none = store->Forget("citizen-unknown");
    REQUIRE(none.ok());
    CHECK(*none == 0);
    CHECK(store->WasForgotten("citizen-unknown"));
    CHECK(store->LastForgottenAt("citizen-never").status().IsNotFound());
  }
}

TEST_CASE("two KeyStores on one directory see each other's changes at once", "[privacy]") {
  TempDir tmp;
  auto server = OpenStore(tmp.path("keys"));
  auto cli = OpenStore(tmp.path("keys"));
  Result<DataKey> key = server->KeyFor("citizen-shared");
  REQUIRE(key.ok());
  Result<DataKey> seen = cli->KeyFor("citizen-shared");
  REQUIRE(seen.ok());
  CHECK(seen->id == key->id);

  Result<std::size_t> forgotten = cli->Forget("citizen-shared");
  REQUIRE(forgotten.ok());
  CHECK(*forgotten == 1);
  CHECK(server->Find(key->id).status().IsNotFound());
  CHECK(server->WasForgotten("citizen-shared"));
  Result<DataKey> fresh = server->KeyFor("citizen-shared");
  REQUIRE(fresh.ok());
  CHECK(fresh->id != key->id);

  cli.reset();  // closing one must not disturb the other
  CHECK(server->Find(fresh->id).ok());
}

TEST_CASE("a read-only KeyStore reads keys and refuses to change them", "[privacy]") {
  TempDir tmp;
  CHECK(KeyStore::Open(tmp.path("absent"), true).status().IsNotFound());
  DataKey key;
  {
    auto writer = OpenStore(tmp.path("keys"));
    key = *writer->KeyFor("citizen-ro");
  }
  auto reader = OpenStore(tmp.path("keys"), true);
  Result<DataKey> found = reader->KeyFor("citizen-ro");
  REQUIRE(found.ok());
  CHECK(found->key == key.key);
  CHECK(reader->Find(key.id).ok());
  CHECK(reader->KeyFor("citizen-new").status().IsInvalidArgument());
  CHECK(reader->Forget("citizen-ro").status().IsInvalidArgument());
  CHECK(reader->Find(key.id).ok());
  // The process's environment is read-only now: a writable open must say so, not corrupt it.
  CHECK(KeyStore::Open(tmp.path("keys")).status().IsInvalidArgument());
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_CASE("Backup makes a compacted copy that opens and holds the keys", "[privacy]") {
  TempDir tmp;
  auto store = OpenStore(tmp.path("keys"));
  std::vector<DataKey> keys;
  for (int i = 0; i < 50; ++i) keys.push_back(*store->KeyFor("citizen-" + std::to_string(i)));
  REQUIRE(store->Forget("citizen-7").ok());

  REQUIRE(store->Backup(tmp.path("backup-1")).ok());
  CHECK(store->Backup(tmp.path("backup-1")).IsInvalidArgument());  // not empty any more
  CHECK(store->Backup(tmp.path("keys")).IsInvalidArgument());
  auto perms = std::filesystem::status(tmp.path("backup-1/data.mdb")).permissions();
  CHECK((perms & std::filesystem::perms::others_all) == std::filesystem::perms::none);

  {
    auto backup = OpenStore(tmp.path("backup-1"), true);
    for (int i = 0; i < 50; ++i) {
      Result<DataKey> found = backup->Find(keys[static_cast<std::size_t>(i)].id);
      if (i == 7) {
        CHECK(found.status().IsNotFound());
      } else {
        REQUIRE(found.ok());
        CHECK(found->key == keys[static_cast<std::size_t>(i)].key);
      }
    }
    CHECK(backup->WasForgotten("citizen-7"));
  }

  // A backup taken before a Forget still holds the key: why backups must be rotated.
  REQUIRE(store->Forget("citizen-8").ok());
  CHECK(store->Find(keys[8].id).status().IsNotFound());
  {
    auto old_backup = OpenStore(tmp.path("backup-1"), true);
    CHECK(old_backup->Find(keys[8].id).ok());
    CHECK(ReadFile(tmp.path("backup-1/data.mdb")).find(keys[8].key) != std::string::npos);
  }
  REQUIRE(store->Backup(tmp.path("backup-2")).ok());
  auto new_backup = OpenStore(tmp.path("backup-2"), true);
  CHECK(new_backup->Find(keys[8].id).status().IsNotFound());
  CHECK(new_backup->Find(keys[9].id).ok());
}

TEST_CASE("a small map grows as keys are added", "[privacy]") {
  TempDir tmp;
  KeyStoreOptions options;
  options.initial_map_size = 64 * 1024;
  Result<std::unique_ptr<KeyStore>> opened = KeyStore::Open(tmp.path("keys"), options);
  REQUIRE(opened.ok());
  KeyStore& store = **opened;
  std::vector<DataKey> keys;
  // ~300 keys with 200-byte citizen ids need well over 64 KiB.
  for (int i = 0; i < 300; ++i) {
    Result<DataKey> key = store.KeyFor(std::string(200, 'c') + std::to_string(i));
    INFO(key.status().ToString());
    REQUIRE(key.ok());
    keys.push_back(*key);
  }
  for (const DataKey& key : keys) CHECK(store.Find(key.id).ok());
  CHECK(std::filesystem::file_size(tmp.path("keys/data.mdb")) > 64 * 1024);
}

TEST_CASE("concurrent KeyFor calls agree on one key per citizen", "[privacy]") {
  TempDir tmp;
  auto first = OpenStore(tmp.path("keys"));
  auto second = OpenStore(tmp.path("keys"));
  constexpr int kThreads = 8;
  constexpr int kCitizens = 24;
  std::vector<std::map<int, DataKey>> seen(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      KeyStore& store = t % 2 ? *first : *second;
      for (int round = 0; round < 3; ++round) {
        for (int j = 0; j < kCitizens; ++j) {
          // Every thread visits every citizen, each from a different start and direction.
          int step = t % 2 ? j : kCitizens - 1 - j;
          int citizen = (step + 3 * t + round) % kCitizens;
          Result<DataKey> key = store.KeyFor("citizen-" + std::to_string(citizen));
          if (!key.ok()) {
            errors[static_cast<std::size_t>(t)] = key.status().ToString();
            return;
          }
          auto [it, inserted] = seen[static_cast<std::size_t>(t)].emplace(citizen, *key);
          if (!inserted && it->second.id != key->id) {
            errors[static_cast<std::size_t>(t)] =
                "key changed for citizen-" + std::to_string(citizen);
          }
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const std::string& error : errors) CHECK(error.empty());
  std::set<std::string> ids;
  for (int c = 0; c < kCitizens; ++c) {
    const DataKey& reference = seen[0].at(c);
    for (int t = 1; t < kThreads; ++t) {
      CHECK(seen[static_cast<std::size_t>(t)].at(c).id == reference.id);
      CHECK(seen[static_cast<std::size_t>(t)].at(c).key == reference.key);
    }
    ids.insert(reference.id);
    Result<KeyInfo> info = first->Describe(reference.id);
    REQUIRE(info.ok());
    CHECK(info->citizen_id == "citizen-" + std::to_string(c));
  }
  CHECK(ids.size() == static_cast<std::size_t>(kCitizens));
}

}  // namespace
}  // namespace rexian
