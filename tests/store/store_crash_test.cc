// Crash safety with a real process: SIGKILL at random moments loses no acknowledged event.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <random>
#include <set>
#include <thread>

#include "store/store_fixture.h"

namespace rexian::testing {
namespace {

// Child body: appends from 4 threads and writes "<event id>\n" to `fd` for
// every acknowledged append. Never returns.
template <typename Backend>
[[noreturn]] void AppendUntilKilled(const Backend& backend, int fd, int round) {
  auto opened = backend.TryOpen();
  if (!opened.ok()) _exit(3);
  std::unique_ptr<EventStore> store = std::move(opened).value();
  // Tells the parent the store is open: its random delay starts now.
  if (write(fd, "+\n", 2) != 2) _exit(5);
  std::mutex pipe_mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0;; ++i) {
        std::string id = "r" + std::to_string(round) + "-t" + std::to_string(t) + "-" +
                         std::to_string(i);
        AppendResult r = store->Append(
            AppendRequest{"crash" + std::to_string(i % 7), ExpectedVersion::Any(),
                          {MakeEvent(id, i), MakeEvent(id + "b", i)}});
        if (!r.status.ok()) _exit(4);
        std::string line = id + "\n";
        std::lock_guard<std::mutex> lock(pipe_mu);
        if (write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(5);
      }
    });
  }
  for (auto& t : threads) t.join();
  _exit(0);
}

TEMPLATE_TEST_CASE("SIGKILL at random moments loses no acknowledged event", "[store][crash]",
                   LmdbBackend, PgBackend) {
  TestType backend;
  if (!backend.available()) return;
  std::mt19937 rng(20251127);
  std::uniform_int_distribution<int> delay_ms(5, 120);
  std::set<std::string> acknowledged;
  constexpr int kRounds = 24;
  for (int round = 0; round < kRounds; ++round) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      close(fds[0]);
      AppendUntilKilled(backend, fds[1], round);
    }
    close(fds[1]);
    char ready[2] = {};
    REQUIRE(read(fds[0], ready, 2) == 2);
    REQUIRE(ready[0] == '+');
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    REQUIRE(kill(child, SIGKILL) == 0);
    int wstatus = 0;
    REQUIRE(waitpid(child, &wstatus, 0) == child);
    INFO("round " << round << ": child status " << wstatus);
    REQUIRE(WIFSIGNALED(wstatus));
    // Everything the child wrote before dying is what it was told is durable.
    std::string received;
    char buf[65536];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) received.append(buf, static_cast<size_t>(n));
    close(fds[0]);
    std::size_t start = 0;
    for (std::size_t nl; (nl = received.find('\n', start)) != std::string::npos; start = nl + 1) {
      acknowledged.insert(received.substr(start, nl - start));
    }

    auto store = backend.Open();
    REQUIRE(store->Verify(nullptr).ok());
    std::set<std::string> stored;
    REQUIRE(store->ReadAll(1, ~std::size_t{0}, [&](const RecordedEvent& e) {
      stored.insert(e.event_id);
      return true;
    }).ok());
    for (const std::string& id : acknowledged) {
      INFO("acknowledged event " << id);
      REQUIRE(stored.count(id) == 1);
      REQUIRE(stored.count(id + "b") == 1);  // both events of the atomic append
    }
    // Atomicity: no append is half-present.
    for (const std::string& id : stored) {
      if (id.back() != 'b') REQUIRE(stored.count(id + "b") == 1);
    }
  }
  CHECK(acknowledged.size() > 100);
}

}  // namespace
}  // namespace rexian::testing
