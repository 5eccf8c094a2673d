// PgTestDatabase: a fresh PostgreSQL database per test, on the server of REXIAN_TEST_PG_DSN.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "store/pg_dsn.h"

namespace rexian::testing {

// The server comes from scripts/test-postgres.sh (which .ci/run starts):
// REXIAN_TEST_PG_DSN names a database on it that may create databases.
// Without it a developer's run WARNs and the PostgreSQL cases pass vacuously;
// under CI (CI set) the missing variable FAILs the test instead.

// True when the PostgreSQL cases should run. Otherwise WARNs (a developer's
// run) or FAILs (under CI) and returns false.
inline bool PostgresTestsEnabled() {
  const char* admin = std::getenv("REXIAN_TEST_PG_DSN");
  if (admin != nullptr && *admin != '\0') return true;
  if (std::getenv("CI") != nullptr) {
    FAIL("REXIAN_TEST_PG_DSN is not set under CI: .ci/run must start PostgreSQL with "
         "scripts/test-postgres.sh");
  }
  WARN("PostgreSQL case skipped: REXIAN_TEST_PG_DSN is not set "
       "(eval \"$(scripts/test-postgres.sh start)\" first)");
  return false;
}

// A fresh database per test case, dropped when the case ends.
class PgTestDatabase {
 public:
  PgTestDatabase() {
    if (!PostgresTestsEnabled()) return;
    admin_dsn_ = std::getenv("REXIAN_TEST_PG_DSN");
    name_ = "rexian_test_" + std::to_string(getpid()) + "_" + std::to_string(counter_++);
    Execute(admin_dsn_, "DROP DATABASE IF EXISTS " + name_);
    Execute(admin_dsn_, "CREATE DATABASE " + name_ + " ENCODING 'UTF8' TEMPLATE template0");
    dsn_ = WithDatabase(admin_dsn_, name_);
  }
  ~PgTestDatabase() {
    if (name_.empty()) return;
    PGconn* conn = PQconnectdb(admin_dsn_.c_str());
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    std::string sql = "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
    PQclear(PQexec(conn, sql.c_str()));
    PQfinish(conn);
  }
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  // False when no server is configured (the case is skipped).
  bool available() const { return !dsn_.empty(); }
  // A connection string for this database.
  const std::string& dsn() const { return dsn_; }
  const std::string& name() const { return name_; }

  // Runs SQL on this database, failing the test on error.
  void Execute(const std::string& sql) const { Execute(dsn_, sql); }

  // `dsn` with its database replaced by `database`.
  static std::string WithDatabase(const std::string& dsn, const std::string& database) {
    auto rewritten = pg::DsnWithDatabase(dsn, database);
    INFO(rewritten.status().ToString());
    REQUIRE(rewritten.ok());
    return *rewritten;
  }

 private:
  static void Execute(const std::string& dsn, const std::string& sql) {
    PGconn* conn = PQconnectdb(dsn.c_str());
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    INFO(PQerrorMessage(conn));
    REQUIRE(PQstatus(conn) == CONNECTION_OK);
    PGresult* r = PQexec(conn, sql.c_str());
    INFO(sql << ": " << PQresultErrorMessage(r));
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    PQfinish(conn);
    REQUIRE(ok);
  }

  static inline std::atomic<int> counter_{0};
  std::string admin_dsn_, name_, dsn_;
};

}  // namespace rexian::testing
