// Tests of GroupCommitQueue on a real key-store environment: who shares a commit, and what a
// failing body does to the others in its commit.
#include "privacy/group_commit_queue.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "privacy/lmdb_environment.h"
#include "temp_dir.h"

namespace rexian::privacy {
namespace {

using rexian::testing::TempDir;

constexpr int kFollowers = 12;

std::shared_ptr<LmdbEnvironment> OpenEnvironment(const std::string& dir) {
  Result<std::shared_ptr<LmdbEnvironment>> env = LmdbEnvironment::Acquire(dir, {false, 0});
  INFO(env.status().ToString());
  REQUIRE(env.ok());
  return *env;
}

MDB_val Val(const std::string& s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }

Status PutMeta(LmdbEnvironment& env, LmdbTxn& txn, const std::string& key,
               const std::string& value) {
  MDB_val k = Val(key);
  MDB_val v = Val(value);
  return txn.Check(mdb_put(txn.get(), env.dbs().meta, &k, &v, 0), "put " + key);
}

bool HasMeta(LmdbEnvironment& env, const std::string& key) {
  bool found = false;
  Status s = env.Read([&](LmdbTxn& txn) {
    MDB_val k = Val(key);
    MDB_val v{};
    found = mdb_get(txn.get(), env.dbs().meta, &k, &v) == 0;
    return Status::OK();
  });
  REQUIRE(s.ok());
  return found;
}

// Runs one writer whose body holds its transaction open until `kFollowers` more writers have
// queued behind it, then those followers (follower i runs follower_body(i)). Returns the
// followers' outcomes.
std::vector<Status> RunBehindOneCommit(GroupCommitQueue& queue, LmdbEnvironment& env,
                                       const std::function<Status(int, LmdbTxn&)>& follower_body) {
  std::atomic<bool> first_in_body{false};
  Status first_outcome;
  std::thread first([&] {
    first_outcome = queue.Write([&](LmdbTxn& txn) {
      first_in_body = true;
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      while (queue.Waiting() < kFollowers + 1 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      return PutMeta(env, txn, "first", "1");
    });
  });
  while (!first_in_body) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::vector<Status> outcomes(kFollowers);
  std::vector<GroupCommitQueue::Body> bodies;
  for (int i = 0; i < kFollowers; ++i) {
    bodies.emplace_back([&follower_body, i](LmdbTxn& txn) { return follower_body(i, txn); });
  }
  std::vector<std::thread> followers;
  for (int i = 0; i < kFollowers; ++i) {
    followers.emplace_back([&, i] {
      outcomes[static_cast<std::size_t>(i)] = queue.Write(bodies[static_cast<std::size_t>(i)]);
    });
  }
  first.join();
  for (auto& follower : followers) follower.join();
  CHECK(first_outcome.ok());
  CHECK(HasMeta(env, "first"));
  return outcomes;
}

TEST_CASE("writers queued behind a commit share the next one, a body failing alone fails alone",
          "[privacy]") {
  TempDir tmp;
  std::shared_ptr<LmdbEnvironment> env = OpenEnvironment(tmp.path("keys"));
  GroupCommitQueue& queue = env->group_commit();
  std::vector<Status> outcomes = RunBehindOneCommit(queue, *env, [&](int i, LmdbTxn& txn) {
    if (i == 3) return Status::InvalidArgument("follower 3 refuses before writing");
    return PutMeta(*env, txn, "follower-" + std::to_string(i), "1");
  });
  for (int i = 0; i < kFollowers; ++i) {
    INFO("follower " << i);
    if (i == 3) {
      CHECK(outcomes[3].IsInvalidArgument());
      CHECK_FALSE(HasMeta(*env, "follower-3"));
    } else {
      CHECK(outcomes[static_cast<std::size_t>(i)].ok());
      CHECK(HasMeta(*env, "follower-" + std::to_string(i)));
    }
  }
  KeyStoreStats stats = queue.Stats();
  CHECK(stats.creation_commits == 2);  // the first writer's, then all the followers' at once
  CHECK(stats.creation_requests == kFollowers + 1);
  CHECK(stats.largest_commit == kFollowers);
  CHECK(queue.Waiting() == 0);
}

TEST_CASE("a failed LMDB call fails the whole commit it is in, and the queue goes on",
          "[privacy]") {
  TempDir tmp;
  std::shared_ptr<LmdbEnvironment> env = OpenEnvironment(tmp.path("keys"));
  GroupCommitQueue& queue = env->group_commit();
  std::vector<Status> outcomes = RunBehindOneCommit(queue, *env, [&](int i, LmdbTxn& txn) {
    // LMDB refuses keys over 511 bytes (MDB_BAD_VALSIZE).
    std::string key = i == 5 ? std::string(1000, 'k') : "follower-" + std::to_string(i);
    return PutMeta(*env, txn, key, "1");
  });
  for (int i = 0; i < kFollowers; ++i) {
    INFO("follower " << i << ": " << outcomes[static_cast<std::size_t>(i)].ToString());
    CHECK(outcomes[static_cast<std::size_t>(i)].IsIoError());
    CHECK_FALSE(HasMeta(*env, "follower-" + std::to_string(i)));
  }
  CHECK(queue.Stats().creation_commits == 1);  // only the first writer's committed

  Status after = queue.Write([&](LmdbTxn& txn) { return PutMeta(*env, txn, "after", "1"); });
  CHECK(after.ok());
  CHECK(HasMeta(*env, "after"));
  CHECK(queue.Stats().creation_commits == 2);
}

}  // namespace
}  // namespace rexian::privacy
