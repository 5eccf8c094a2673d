// Tests of many threads and processes creating keys at once: one key per citizen, every key
// durable, and creations sharing commits (group commit) or not (KeyStoreOptions::group_commit =
// false).
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "rexian/privacy.h"
#include "support/subprocess.h"
#include "temp_dir.h"

namespace rexian {
namespace {

using testing::TempDir;

std::unique_ptr<KeyStore> OpenStore(const std::string& dir, KeyStoreOptions options = {}) {
  Result<std::unique_ptr<KeyStore>> store = KeyStore::Open(dir, options);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(*store);
}

// Releases every waiting thread at once, so that they start their calls together.
class StartLine {
 public:
  explicit StartLine(int threads) : remaining_(threads) {}
  void ArriveAndWait() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (--remaining_ == 0) {
      all_here_.notify_all();
      return;
    }
    all_here_.wait(lock, [&] { return remaining_ == 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable all_here_;
  int remaining_;
};

// What each thread saw: citizen → key, plus the first error.
struct ThreadView {
  std::map<std::string, DataKey> keys;
  std::string error;
};

// Runs `threads` threads; thread t asks `stores[t % stores.size()]` for the key of each citizen of
// citizens_of(t), in order, starting together.
std::vector<ThreadView> CreateFromThreads(
    const std::vector<KeyStore*>& stores, int threads,
    const std::function<std::vector<std::string>(int)>& citizens_of) {
  std::vector<ThreadView> views(static_cast<std::size_t>(threads));
  StartLine start(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      ThreadView& view = views[static_cast<std::size_t>(t)];
      KeyStore& store = *stores[static_cast<std::size_t>(t) % stores.size()];
      std::vector<std::string> citizens = citizens_of(t);
      start.ArriveAndWait();
      for (const std::string& citizen : citizens) {
        Result<DataKey> key = store.KeyFor(citizen);
        if (!key.ok()) {
          view.error = citizen + ": " + key.status().ToString();
          return;
        }
        auto [it, inserted] = view.keys.emplace(citizen, *key);
        if (!inserted && it->second.id != key->id) view.error = "key changed for " + citizen;
      }
    });
  }
  for (auto& worker : workers) worker.join();
  return views;
}

// The one key every thread saw for each citizen; fails the test if two threads disagree.
std::map<std::string, DataKey> AgreedKeys(const std::vector<ThreadView>& views) {
  std::map<std::string, DataKey> agreed;
  for (const ThreadView& view : views) {
    CHECK(view.error.empty());
    for (const auto& [citizen, key] : view.keys) {
      auto [it, inserted] = agreed.emplace(citizen, key);
      if (!inserted) {
        INFO(citizen);
        CHECK(it->second.id == key.id);
        CHECK(it->second.key == key.key);
      }
    }
  }
  return agreed;
}

// Writes "citizen key_id" lines for key_store_tool's verify and create.
std::string WriteKeyList(const std::string& path, const std::map<std::string, DataKey>& keys) {
  std::ofstream out(path);
  for (const auto& [citizen, key] : keys) out << citizen << ' ' << key.id << '\n';
  return path;
}

TEST_CASE("many threads creating keys for distinct and shared citizens get one durable key each",
          "[privacy]") {
  TempDir tmp;
  std::string dir = tmp.path("keys");
  constexpr int kThreads = 32;
  constexpr int kOwn = 15;     // citizens only one thread asks for
  constexpr int kShared = 20;  // citizens every thread asks for
  std::map<std::string, DataKey> agreed;
  {
    auto first = OpenStore(dir);
    auto second = OpenStore(dir);
    std::vector<ThreadView> views =
        CreateFromThreads({first.get(), second.get()}, kThreads, [](int t) {
          std::vector<std::string> citizens;
          for (int j = 0; j < kShared; ++j) {
            if (j < kOwn) citizens.push_back("own-" + std::to_string(t) + "-" + std::to_string(j));
            // Every thread starts the shared citizens at a different one.
            citizens.push_back("shared-" + std::to_string((j + t) % kShared));
          }
          return citizens;
        });
    agreed = AgreedKeys(views);
    REQUIRE(agreed.size() == std::size_t{kThreads * kOwn + kShared});
    std::set<std::string> ids;
    for (const auto& [citizen, key] : agreed) {
      ids.insert(key.id);
      Result<KeyInfo> info = first->Describe(key.id);
      REQUIRE(info.ok());
      CHECK(info->citizen_id == citizen);
      CHECK(info->key.key == key.key);
    }
    CHECK(ids.size() == agreed.size());  // no key was handed to two citizens
    KeyStoreStats stats = first->Stats();
    CHECK(stats.creation_requests >= agreed.size());

    // Another process, opening the store read-only (it cannot create anything), finds every key
    // while this process still has the store open.
    std::string out;
    std::string list = WriteKeyList(tmp.path("keys.txt"), agreed);
    REQUIRE(testing::RunToEnd({REXIAN_KEY_STORE_TOOL, dir, "verify", list}, tmp.path(), &out) == 0);
    CHECK(out == std::to_string(agreed.size()) + "\n");
  }
  // And so does this process after closing and reopening (read-only again).
  KeyStoreOptions read_only;
  read_only.read_only = true;
  auto reopened = OpenStore(dir, read_only);
  for (const auto& [citizen, key] : agreed) {
    Result<DataKey> found = reopened->KeyFor(citizen);
    REQUIRE(found.ok());
    CHECK(found->id == key.id);
    CHECK(found->key == key.key);
  }
}

TEST_CASE("concurrent creations share commits with group commit, and commit alone without it",
          "[privacy]") {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 25;
  for (bool group_commit : {true, false}) {
    DYNAMIC_SECTION("group_commit = " << group_commit) {
      TempDir tmp;
      KeyStoreOptions options;
      options.group_commit = group_commit;
      auto store = OpenStore(tmp.path("keys"), options);
      std::vector<ThreadView> views = CreateFromThreads({store.get()}, kThreads, [](int t) {
        std::vector<std::string> citizens;
        for (int j = 0; j < kPerThread; ++j) {
          citizens.push_back("citizen-" + std::to_string(t) + "-" + std::to_string(j));
        }
        return citizens;
      });
      REQUIRE(AgreedKeys(views).size() == std::size_t{kThreads * kPerThread});
      KeyStoreStats stats = store->Stats();
      CHECK(stats.creation_requests == kThreads * kPerThread);
      if (group_commit) {
        CHECK(stats.creation_commits < stats.creation_requests);
        CHECK(stats.largest_commit > 1);
        CHECK(stats.largest_commit <= kThreads);  // each thread has one call in flight at a time
      } else {
        CHECK(stats.creation_commits == stats.creation_requests);
        CHECK(stats.largest_commit == 1);
      }
      // Lookups of existing keys never go to a writer.
      for (const ThreadView& view : views) {
        for (const auto& [citizen, key] : view.keys) REQUIRE(store->KeyFor(citizen)->id == key.id);
      }
      CHECK(store->Stats().creation_requests == stats.creation_requests);
    }
  }
}

TEST_CASE("batched creations grow a small map and retry the whole batch", "[privacy]") {
  TempDir tmp;
  KeyStoreOptions options;
  options.initial_map_size = 64 * 1024;
  auto store = OpenStore(tmp.path("keys"), options);
  constexpr int kThreads = 16;
  constexpr int kPerThread = 20;
  // 320 keys with 200-byte citizen ids need well over 64 KiB: several batches hit MDB_MAP_FULL.
  std::vector<ThreadView> views = CreateFromThreads({store.get()}, kThreads, [](int t) {
    std::vector<std::string> citizens;
    for (int j = 0; j < kPerThread; ++j) {
      citizens.push_back(std::string(200, 'g') + std::to_string(t) + "-" + std::to_string(j));
    }
    return citizens;
  });
  std::map<std::string, DataKey> agreed = AgreedKeys(views);
  REQUIRE(agreed.size() == std::size_t{kThreads * kPerThread});
  for (const auto& [citizen, key] : agreed) {
    Result<KeyInfo> info = store->Describe(key.id);
    REQUIRE(info.ok());
    CHECK(info->citizen_id == citizen);
  }
  CHECK(std::filesystem::file_size(tmp.path("keys/data.mdb")) > 64 * 1024);
  CHECK(store->Stats().creation_commits < store->Stats().creation_requests);
}

// Parses key_store_tool create's "citizen key_id" lines.
std::map<std::string, std::string> ParseKeyList(const std::string& text) {
  std::map<std::string, std::string> ids;
  std::istringstream in(text);
  std::string citizen, id;
  while (in >> citizen >> id) ids[citizen] = id;
  return ids;
}

TEST_CASE("processes creating keys for the same citizens at once agree on one key each",
          "[privacy]") {
  TempDir tmp;
  std::string dir = tmp.path("keys");
  constexpr int kCitizens = 200;
  auto store = OpenStore(dir);
  // Two other processes, 8 threads each, and 8 threads here, all creating the same citizens.
  testing::Subprocess a({REXIAN_KEY_STORE_TOOL, dir, "create", "citizen-", "200", "8"}, tmp.path());
  testing::Subprocess b({REXIAN_KEY_STORE_TOOL, dir, "create", "citizen-", "200", "8"}, tmp.path());
  std::vector<ThreadView> views = CreateFromThreads({store.get()}, 8, [](int t) {
    std::vector<std::string> citizens;
    for (int j = 0; j < kCitizens; ++j) {
      citizens.push_back("citizen-" + std::to_string((j + 25 * t) % kCitizens));
    }
    return citizens;
  });
  std::map<std::string, DataKey> here = AgreedKeys(views);
  REQUIRE(here.size() == std::size_t{kCitizens});
  REQUIRE(a.Wait(std::chrono::seconds(120)) == 0);
  REQUIRE(b.Wait(std::chrono::seconds(120)) == 0);
  for (const auto& other : {ParseKeyList(a.out()), ParseKeyList(b.out())}) {
    REQUIRE(other.size() == std::size_t{kCitizens});
    for (const auto& [citizen, key] : here) {
      INFO(citizen);
      CHECK(other.at(citizen) == key.id);
    }
  }
}

}  // namespace
}  // namespace rexian
