// The reactor lease: one holder per cluster, its renewal, release and takeover after a SIGKILL.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "rexian/reactor_lease.h"
#include "store/store_fixture.h"

namespace rexian::testing {
namespace {

using namespace std::chrono_literals;

std::unique_ptr<ReactorLease> OpenLease(const PgTestDatabase& db, const std::string& node,
                                        std::chrono::milliseconds ttl = 900ms) {
  PgReactorLeaseOptions options;
  options.dsn = db.dsn();
  options.node_id = node;
  options.ttl = ttl;
  auto lease = OpenPgReactorLease(options);
  INFO(lease.status().ToString());
  REQUIRE(lease.ok());
  return std::move(lease).value();
}

// Waits up to `limit` for `condition`; returns how long it took, or limit+1 ms.
template <typename Condition>
std::chrono::milliseconds WaitFor(Condition condition, std::chrono::milliseconds limit) {
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < limit) {
    if (condition()) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
    }
    std::this_thread::sleep_for(20ms);
  }
  return limit + 1ms;
}

TEST_CASE("a node alone on its store always holds the lease", "[store]") {
  auto lease = AlwaysHeldReactorLease();
  CHECK(lease->Held());
  CHECK(lease->State().held);
}

TEST_CASE("two nodes: one holds the lease, renews it, and hands it over on release",
          "[store][postgres]") {
  PgTestDatabase db;
  if (!db.available()) return;
  auto a = OpenLease(db, "node-a");
  auto b = OpenLease(db, "node-b");
  CHECK(a->Held());
  CHECK_FALSE(b->Held());
  CHECK(a->State().epoch == 1);
  CHECK(b->State().holder == "node-a");
  // Renewals keep it: after several time-to-lives, still one holder, same tenure.
  std::this_thread::sleep_for(2500ms);
  CHECK(a->Held());
  CHECK_FALSE(b->Held());
  CHECK(a->State().epoch == 1);
  CHECK(a->State().acquisitions == 1);

  a.reset();  // a clean stop releases the lease
  CHECK(WaitFor([&] { return b->Held(); }, 900ms) <= 900ms);
  CHECK(b->State().epoch == 2);
  CHECK(b->State().holder == "node-b");
}

TEST_CASE("a SIGKILLed holder's lease is taken over after it expires, with a new epoch",
          "[store][postgres]") {
  PgTestDatabase db;
  if (!db.available()) return;
  int ready[2];
  REQUIRE(pipe(ready) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    PgReactorLeaseOptions options;
    options.dsn = db.dsn();
    options.node_id = "doomed";
    options.ttl = 900ms;
    auto lease = OpenPgReactorLease(options);
    if (!lease.ok() || !(*lease)->Held()) _exit(3);
    if (write(ready[1], "h", 1) != 1) _exit(4);  // it holds the lease
    for (;;) pause();
  }
  close(ready[1]);
  char held = 0;
  REQUIRE(read(ready[0], &held, 1) == 1);
  close(ready[0]);
  auto survivor = OpenLease(db, "survivor");
  REQUIRE(WaitFor([&] { return survivor->State().holder == "doomed"; }, 3000ms) <= 3000ms);
  CHECK_FALSE(survivor->Held());
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  // Not before the row expired: 900 ms after the child's last renewal, which
  // was at most one renewal period (300 ms) before the kill. Then within one
  // renewal period of the survivor (plus slack for a loaded machine).
  const auto took = WaitFor([&] { return survivor->Held(); }, 3000ms);
  INFO("took over after " << took.count() << " ms");
  CHECK(took >= 550ms);
  CHECK(took <= 1600ms);
  CHECK(survivor->State().epoch == 2);
}

}  // namespace
}  // namespace rexian::testing
