// CitizenMemory and WorkThread: the plugin's in-memory state and its threads.
#include <atomic>
#include <catch2/catch.hpp>
#include <mutex>
#include <vector>

#include "wechat/callback_query.h"
#include "wechat/citizen_memory.h"
#include "wechat/work_thread.h"

namespace rexian::wechat {
namespace {

TEST_CASE("CitizenMemory keeps the current ticket within the window", "[plugins][wechat]") {
  CitizenMemory memory(100);
  const auto t0 = Clock::now();
  CHECK_FALSE(memory.CurrentTicket("wx1:o1", t0, std::chrono::minutes(60)));
  memory.RememberTicket("wx1:o1", "3203-2026-0000001", t0);
  CHECK(memory.CurrentTicket("wx1:o1", t0 + std::chrono::minutes(59), std::chrono::minutes(60)) ==
        "3203-2026-0000001");
  CHECK_FALSE(memory.CurrentTicket("wx1:o1", t0 + std::chrono::minutes(61), std::chrono::minutes(60)));
  CHECK_FALSE(memory.CurrentTicket("wx2:o1", t0, std::chrono::minutes(60)));
  memory.RememberLocation("wx1:o1", {34.2, 117.1, ""});
  REQUIRE(memory.LastLocation("wx1:o1"));
  CHECK(memory.LastLocation("wx1:o1")->lat == Approx(34.2));
}

TEST_CASE("CitizenMemory forgets the least recently seen first", "[plugins][wechat]") {
  CitizenMemory memory(100);
  const auto now = Clock::now();
  for (int i = 0; i < 150; ++i) memory.RememberTicket("c" + std::to_string(i), "n" + std::to_string(i), now);
  memory.RememberTicket("c60", "n60", now);  // seen again: kept
  memory.RememberTicket("c150", "n150", now);
  CHECK_FALSE(memory.CurrentTicket("c0", now, std::chrono::minutes(1)));
  CHECK_FALSE(memory.CurrentTicket("c50", now, std::chrono::minutes(1)));
  CHECK(memory.CurrentTicket("c60", now, std::chrono::minutes(1)) == "n60");
  CHECK(memory.CurrentTicket("c149", now, std::chrono::minutes(1)) == "n149");
  memory.MarkTold("wx1:1");
  CHECK(memory.WasTold("wx1:1"));
  CHECK_FALSE(memory.WasTold("wx1:2"));
}

TEST_CASE("WorkThread runs jobs in due order and drops later ones at stop", "[plugins][wechat]") {
  WorkThread thread;
  thread.Start();
  std::mutex mutex;
  std::vector<int> order;
  std::atomic<int> ran{0};
  const auto now = WorkThread::Clock::now();
  auto job = [&](int n) {
    return [&, n] {
      std::lock_guard lock(mutex);
      order.push_back(n);
      ++ran;
    };
  };
  thread.Post(now + std::chrono::milliseconds(60), job(3));
  thread.Post(now + std::chrono::milliseconds(20), job(2));
  thread.Post(job(1));
  thread.Post(now + std::chrono::hours(1), job(99));
  for (int i = 0; i < 200 && ran < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK(thread.pending() == 1);
  CHECK(thread.Stop() == 1);
  CHECK(order == std::vector<int>{1, 2, 3});
  thread.Post(job(100));  // after stop: dropped
  CHECK(ran == 3);
}

TEST_CASE("ParseCallbackQuery decodes the parameters WeChat sends", "[plugins][wechat]") {
  CallbackQuery q = ParseCallbackQuery(
      "signature=abc&timestamp=1409735669&nonce=13%2B2&openid=o1&encrypt_type=aes&msg_signature=d&echostr=a+b%");
  CHECK(q.signature == "abc");
  CHECK(q.timestamp == "1409735669");
  CHECK(q.nonce == "13+2");
  CHECK(q.encrypt_type == "aes");
  CHECK(q.msg_signature == "d");
  CHECK(q.echostr == "a b%");
  CHECK(ParseCallbackQuery("").signature.empty());
  CHECK(ParseCallbackQuery("signature").signature.empty());
}

}  // namespace
}  // namespace rexian::wechat
