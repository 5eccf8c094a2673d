// Concurrency: racing writers on one stream, group commit, live subscriptions.
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "store/store_fixture.h"

namespace rexian::testing {
namespace {

TEMPLATE_TEST_CASE("8 threads racing on one stream: one winner per version, no gaps",
                   "[store][concurrency]", LmdbBackend, PgBackend) {
  TestType backend;
  if (!backend.available()) return;
  auto store = backend.Open();
  constexpr int kThreads = 8;
  constexpr int kAttemptsPerThread = 150;
  std::mutex mu;
  std::map<std::uint64_t, int> winners;  // stream version -> winning thread
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAttemptsPerThread; ++i) {
        std::uint64_t version = store->StreamVersion("race").value();
        ExpectedVersion expected =
            version == 0 ? ExpectedVersion::NoStream() : ExpectedVersion::Exact(version);
        std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        AppendResult r = store->Append(MakeAppend("race", expected, {MakeEvent(id, t)}));
        if (r.status.ok()) {
          std::lock_guard<std::mutex> lock(mu);
          CHECK(r.stream_version == version + 1);
          CHECK(winners.emplace(r.stream_version, t).second);
        } else {
          std::lock_guard<std::mutex> lock(mu);  // Catch2's macros are not thread-safe
          CHECK(r.status.IsConflict());
          CHECK(r.stream_version > version);  // the actual version moved on
          ++conflicts;
        }
      }
    });
  }
  for (auto& t : threads) t.join();

  const std::uint64_t head = store->HeadPosition();
  CHECK(head == winners.size());
  CHECK(head + conflicts.load() == kThreads * kAttemptsPerThread);
  CHECK(conflicts.load() > 0);
  std::vector<RecordedEvent> all;
  REQUIRE(store->ReadAll(1, head + 10, &all).ok());
  REQUIRE(all.size() == head);
  for (std::size_t i = 0; i < all.size(); ++i) {
    CHECK(all[i].position == i + 1);
    CHECK(all[i].stream_version == i + 1);
  }
  CHECK(store->Verify(nullptr).ok());
}

TEMPLATE_TEST_CASE("concurrent appends are group-committed and each is acknowledged once",
                   "[store][concurrency]", LmdbBackend, PgBackend) {
  TestType backend;
  if (!backend.available()) return;
  auto store = backend.Open();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 500;
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::atomic<int> pending{0};
      for (int i = 0; i < kPerThread; ++i) {
        ++pending;
        std::string stream = "s" + std::to_string(i % 37);
        store->AppendAsync(
            MakeAppend(stream, ExpectedVersion::Any(),
                       {MakeEvent("t" + std::to_string(t) + "-" + std::to_string(i))}),
            [&](AppendResult r) {
              CHECK(r.status.ok());
              ++acknowledged;
              --pending;
            });
      }
      while (pending.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
  }
  for (auto& t : threads) t.join();
  CHECK(acknowledged.load() == kThreads * kPerThread);
  StoreStats stats = store->Stats();
  CHECK(stats.events_appended == kThreads * kPerThread);
  CHECK(stats.batches < stats.appends);  // batching happened
  CHECK(store->Verify(nullptr).ok());
}

TEMPLATE_TEST_CASE("subscribers see every event exactly once, in order, across catch-up and live",
                   "[store][concurrency]", LmdbBackend, PgBackend) {
  TestType backend;
  if (!backend.available()) return;
  auto store = backend.Open();
  for (int i = 0; i < 300; ++i) {
    REQUIRE(store->Append(MakeAppend("pre", ExpectedVersion::Any(), {MakeEvent("p" + std::to_string(i))}))
                .status.ok());
  }
  constexpr int kWriters = 4;
  constexpr int kPerWriter = 400;
  const std::uint64_t total = 300 + kWriters * kPerWriter;

  struct Seen {
    std::mutex mu;
    std::vector<std::uint64_t> positions;
  };
  std::vector<std::uint64_t> firsts;  // first position each subscriber must see
  std::vector<std::unique_ptr<Seen>> seen;
  std::vector<std::unique_ptr<Subscription>> subs;
  auto subscribe = [&](std::uint64_t from) {
    firsts.push_back(from == 0 ? 1 : from);
    seen.push_back(std::make_unique<Seen>());
    Seen* s = seen.back().get();
    auto sub = store->Subscribe(from, [s](const RecordedEvent& e) {
      std::lock_guard<std::mutex> lock(s->mu);
      s->positions.push_back(e.position);
      return true;
    });
    REQUIRE(sub.ok());
    subs.push_back(std::move(sub).value());
  };
  for (std::uint64_t from : {0, 1, 150, 301}) subscribe(from);

  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i) {
        store->Append(MakeAppend("live" + std::to_string(w), ExpectedVersion::Any(),
                                 {MakeEvent("w" + std::to_string(w) + "-" + std::to_string(i))}));
      }
    });
  }
  // Subscribers that join while the writers run.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  subscribe(0);
  subscribe(store->HeadPosition() + 1);
  for (auto& t : writers) t.join();
  REQUIRE(store->HeadPosition() == total);

  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(seen[i]->mu);
        if (!seen[i]->positions.empty() && seen[i]->positions.back() == total) break;
      }
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  subs.clear();
  for (std::size_t i = 0; i < seen.size(); ++i) {
    const auto& p = seen[i]->positions;
    const std::uint64_t first = firsts[i];
    INFO("subscriber " << i << " from " << first);
    REQUIRE(p.size() == total - first + 1);
    for (std::size_t k = 0; k < p.size(); ++k) REQUIRE(p[k] == first + k);
  }
}

TEMPLATE_TEST_CASE("a subscription ends when its handler says so, and on Stop",
                   "[store][concurrency]", LmdbBackend, PgBackend) {
  TestType backend;
  if (!backend.available()) return;
  auto store = backend.Open();
  for (int i = 0; i < 10; ++i) {
    store->Append(MakeAppend("s", ExpectedVersion::Any(), {MakeEvent(std::to_string(i))}));
  }
  std::atomic<int> calls{0};
  auto sub = store->Subscribe(1, [&](const RecordedEvent&) { return ++calls < 3; });
  REQUIRE(sub.ok());
  for (int i = 0; i < 500 && calls.load() < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a 4th call would show now
  CHECK(calls.load() == 3);
  (*sub)->Stop();
  CHECK((*sub)->status().ok());
  // Closing the store stops subscriptions still open.
  auto open = store->Subscribe(1, [](const RecordedEvent&) { return true; });
  REQUIRE(open.ok());
  store->Close();
  CHECK(store->Append(MakeAppend("s", ExpectedVersion::Any(), {MakeEvent("late")})).status.IsUnavailable());
}

}  // namespace
}  // namespace rexian::testing
