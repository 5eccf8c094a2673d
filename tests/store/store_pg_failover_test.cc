// PostgreSQL high availability: SIGKILL the primary, promote its synchronous standby, carry on.
#include <signal.h>
#include <stdio.h>

#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "store/pg_dsn.h"
#include "store/store_fixture.h"

namespace rexian::testing {
namespace {

// Runs a shell command and returns what it printed; fails the test if it failed.
std::string Run(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  int rc = pclose(pipe);
  INFO(command << " printed: " << out);
  REQUIRE(rc == 0);
  return out;
}

// The value of `export NAME=VALUE` (quotes removed) in a script's output.
std::string Exported(const std::string& output, const std::string& name) {
  std::size_t at = output.find("export " + name + "=");
  REQUIRE(at != std::string::npos);
  std::size_t start = at + name.size() + 8;
  std::string value = output.substr(start, output.find('\n', start) - start);
  if (value.size() >= 2 && value.front() == '\'') value = value.substr(1, value.size() - 2);
  return value;
}

// A primary and a synchronous streaming standby of its own, on loopback,
// made by scripts/test-postgres.sh and removed on destruction.
class PrimaryAndStandby {
 public:
  PrimaryAndStandby() {
    std::string started = Run(script_ + " start");
    dir_ = Exported(started, "REXIAN_TEST_PG_DIR");
    std::string dsn = Exported(started, "REXIAN_TEST_PG_DSN");
    primary_port_ = dsn.substr(dsn.find("port=") + 5);
    primary_port_ = primary_port_.substr(0, primary_port_.find(' '));
    standby_port_ = Exported(Run(script_ + " standby " + dir_), "REXIAN_TEST_PG_STANDBY_PORT");
  }
  ~PrimaryAndStandby() {
    if (!dir_.empty()) std::system((script_ + " stop " + dir_).c_str());
  }

  // Both servers, whichever is the primary.
  std::string ClusterDsn() const {
    return "host=127.0.0.1,127.0.0.1 port=" + primary_port_ + "," + standby_port_ +
           " dbname=postgres user=rexian_test target_session_attrs=read-write connect_timeout=2";
  }
  std::string StandbyDsn() const {
    return "host=127.0.0.1 port=" + standby_port_ + " dbname=postgres user=rexian_test";
  }
  // The primary's postmaster.
  pid_t PrimaryPid() const {
    std::ifstream in(dir_ + "/data/postmaster.pid");
    pid_t pid = 0;
    in >> pid;
    return pid;
  }

 private:
  const std::string script_ = std::string(REXIAN_SOURCE_DIR) + "/scripts/test-postgres.sh";
  std::string dir_, primary_port_, standby_port_;
};

TEST_CASE("SIGKILL the primary, promote the standby: every acknowledged event exactly once",
          "[store][postgres][failover]") {
  if (!PostgresTestsEnabled()) return;
  PrimaryAndStandby servers;
  PgStoreOptions options;
  options.dsn = servers.ClusterDsn();
  auto opened = OpenPgEventStore(options);
  INFO(opened.status().ToString());
  REQUIRE(opened.ok());
  std::unique_ptr<EventStore> store = std::move(opened).value();

  std::atomic<bool> stop{false};
  std::mutex mu;
  std::set<std::string> acknowledged;
  std::atomic<int> unavailable{0};
  std::string unexpected;  // the first failure other than a retryable one
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; !stop.load(); ++i) {
        std::string id = "ha" + std::to_string(t) + "-" + std::to_string(i);
        auto request = MakeAppend("ha" + std::to_string(t % 2), ExpectedVersion::Any(),
                                  {MakeEvent(id), MakeEvent(id + "b")});
        // Retried until it succeeds: idempotency by event id makes it safe.
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
        for (;;) {
          AppendResult r = store->Append(request);
          if (r.status.ok()) break;
          if (!r.status.IsUnavailable() || std::chrono::steady_clock::now() > deadline) {
            std::lock_guard<std::mutex> lock(mu);
            if (unexpected.empty()) unexpected = id + ": " + r.status.ToString();
            return;
          }
          ++unavailable;
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        std::lock_guard<std::mutex> lock(mu);
        acknowledged.insert(id);
      }
    });
  }
  auto acked = [&] {
    std::lock_guard<std::mutex> lock(mu);
    return acknowledged.size();
  };
  auto started = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (acked() < 200) {
    REQUIRE(std::chrono::steady_clock::now() < started);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(kill(servers.PrimaryPid(), SIGKILL) == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const std::size_t at_promotion = acked();
  Status promoted = pg::ExecuteOnce(servers.StandbyDsn(), "SELECT pg_promote()");
  INFO(promoted.ToString());
  REQUIRE(promoted.ok());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (acked() < at_promotion + 200) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!unexpected.empty()) break;
    }
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop = true;
  for (auto& t : writers) t.join();
  INFO(unexpected);
  REQUIRE(unexpected.empty());
  // The failover did interrupt appends: answered unavailable, or their lost
  // COMMIT looked up after reconnecting to the promoted standby.
  CHECK(unavailable.load() + store->Stats().commits_resolved > 0);

  std::vector<RecordedEvent> log;
  REQUIRE(store->ReadAll(1, ~std::size_t{0}, &log).ok());
  std::map<std::string, int> copies;
  for (const RecordedEvent& e : log) ++copies[e.event_id];
  for (const std::string& id : acknowledged) {
    INFO(id);
    CHECK(copies[id] == 1);
    CHECK(copies[id + "b"] == 1);
  }
  CHECK(log.size() == 2 * acknowledged.size());
  for (std::size_t i = 0; i < log.size(); ++i) REQUIRE(log[i].position == i + 1);
  Status verified = store->Verify(nullptr);
  INFO(verified.ToString());
  CHECK(verified.ok());
  store->Close();
}

// The rows of a query on `dsn` (text format), failing the test on error.
std::vector<std::string> Column(const std::string& dsn, const std::string& sql) {
  PGconn* conn = PQconnectdb(dsn.c_str());
  PGresult* r = PQexec(conn, sql.c_str());
  INFO(sql << ": " << PQresultErrorMessage(r));
  REQUIRE(PQresultStatus(r) == PGRES_TUPLES_OK);
  std::vector<std::string> rows;
  for (int i = 0; i < PQntuples(r); ++i) rows.emplace_back(PQgetvalue(r, i, 0));
  PQclear(r);
  PQfinish(conn);
  return rows;
}

TEST_CASE("a COMMIT whose answer is lost is looked up: the caller gets the real positions",
          "[store][postgres][failover]") {
  if (!PostgresTestsEnabled()) return;
  PrimaryAndStandby servers;
  PgStoreOptions options;
  options.dsn = servers.ClusterDsn();
  auto opened = OpenPgEventStore(options);
  INFO(opened.status().ToString());
  REQUIRE(opened.ok());
  std::unique_ptr<EventStore> store = std::move(opened).value();
  REQUIRE(store->Append(MakeAppend("lost", ExpectedVersion::NoStream(), {MakeEvent("e1")}))
              .status.ok());

  // A synchronous standby that never answers: the next COMMIT commits locally
  // and waits. Terminating the waiting backend then loses the answer (the
  // client gets an error, though "the transaction has already committed
  // locally") - the ambiguous COMMIT, made deterministic.
  const std::string admin = servers.ClusterDsn();
  REQUIRE(pg::ExecuteOnce(admin, "ALTER SYSTEM SET synchronous_standby_names = 'nobody'").ok());
  REQUIRE(pg::ExecuteOnce(admin, "SELECT pg_reload_conf()").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  AppendResult result;
  std::thread append([&] {
    result = store->Append(
        MakeAppend("lost", ExpectedVersion::Exact(1), {MakeEvent("e2"), MakeEvent("e3")}));
  });
  std::vector<std::string> waiting;
  for (int i = 0; i < 200 && waiting.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    waiting = Column(admin, "SELECT pid FROM pg_stat_activity WHERE wait_event = 'SyncRep'");
  }
  REQUIRE(waiting.size() == 1);
  REQUIRE(pg::ExecuteOnce(admin, "ALTER SYSTEM SET synchronous_standby_names = '*'").ok());
  REQUIRE(pg::ExecuteOnce(admin, "SELECT pg_reload_conf()").ok());
  REQUIRE(pg::ExecuteOnce(admin, "SELECT pg_terminate_backend(" + waiting[0] + ")").ok());
  append.join();

  INFO(result.status.ToString());
  REQUIRE(result.status.ok());  // committed, and said so: not a retryable error
  CHECK_FALSE(result.duplicate);
  CHECK(result.first_position == 2);
  CHECK(result.last_position == 3);
  CHECK(result.stream_version == 3);
  CHECK(store->Stats().commits_resolved == 1);
  CHECK(store->ReadAt(2)->event_id == "e2");
  CHECK(store->ReadAt(3)->event_id == "e3");
  CHECK(store->HeadPosition() == 3);
  // The store carries on.
  CHECK(store->Append(MakeAppend("lost", ExpectedVersion::Exact(3), {MakeEvent("e4")}))
            .first_position == 4);
  CHECK(store->Verify(nullptr).ok());
  store->Close();
}

}  // namespace
}  // namespace rexian::testing
