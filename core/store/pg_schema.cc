// Numbered migrations of the PostgreSQL backend's tables.
#include "store/pg_schema.h"

#include <string>

namespace rexian::pg {
namespace {

// Migration N brings the schema from version N-1 to N. Append only: a
// released migration never changes.
constexpr const char* kMigrations[] = {
    // 1: the log, its head, and the indexes of the EventStore lookups.
    R"sql(
CREATE TABLE rexian_events (
  position        bigint  NOT NULL PRIMARY KEY,
  stream_id       text    NOT NULL,
  stream_version  bigint  NOT NULL,
  event_id        text    NOT NULL,
  type            text    NOT NULL,
  schema_version  integer NOT NULL,
  recorded_at_us  bigint  NOT NULL,
  metadata        text    NOT NULL,
  payload         text    NOT NULL,
  hash            bytea   NOT NULL,
  CONSTRAINT rexian_events_event_id_key UNIQUE (event_id),
  CONSTRAINT rexian_events_stream_key UNIQUE (stream_id, stream_version)
);
CREATE TABLE rexian_head (
  singleton       boolean NOT NULL PRIMARY KEY DEFAULT true CHECK (singleton),
  position        bigint  NOT NULL,
  hash            bytea   NOT NULL,
  recorded_at_us  bigint  NOT NULL
);
INSERT INTO rexian_head VALUES (true, 0, decode(repeat('00', 32), 'hex'), 0);
)sql",
    // 2: what several rexian nodes share besides the log: the personal-data
    // keys (pg_key_store.h), installation secrets (the pseudonym secret) and
    // the reactor leases (pg_reactor_lease.h).
    R"sql(
CREATE TABLE rexian_keys (
  key_id          text    NOT NULL PRIMARY KEY,
  citizen_id      text    NOT NULL,
  created_at_us   bigint  NOT NULL,
  key             bytea   NOT NULL,
  CONSTRAINT rexian_keys_citizen_key UNIQUE (citizen_id)
);
CREATE TABLE rexian_retired_keys (
  key_id          text    NOT NULL PRIMARY KEY,
  destroyed_at_us bigint  NOT NULL
);
CREATE TABLE rexian_key_tombstones (
  citizen_id         text    NOT NULL PRIMARY KEY,
  first_forgotten_us bigint  NOT NULL,
  last_forgotten_us  bigint  NOT NULL,
  times              integer NOT NULL
);
CREATE TABLE rexian_secrets (
  name            text    NOT NULL PRIMARY KEY,
  value           bytea   NOT NULL
);
CREATE TABLE rexian_leases (
  name            text        NOT NULL PRIMARY KEY,
  holder          text        NOT NULL,
  epoch           bigint      NOT NULL,
  expires_at      timestamptz NOT NULL
);
)sql",
};
static_assert(std::size(kMigrations) == kSchemaVersion);

// Any constant will do: it only has to be the same in every rexian process.
constexpr const char* kLockMigrations = "SELECT pg_advisory_xact_lock(7265786961)";

}  // namespace

Status MigrateSchema(Connection* conn) {
  ResultPtr enc(PQexec(conn->raw(),
                       "SELECT pg_encoding_to_char(encoding) FROM pg_database "
                       "WHERE datname = current_database()"));
  if (!enc || PQresultStatus(enc.get()) != PGRES_TUPLES_OK) {
    return ErrorStatus(enc.get(), conn->raw(), "read the database encoding");
  }
  std::string encoding = PQntuples(enc.get()) == 1 ? PQgetvalue(enc.get(), 0, 0) : "?";
  if (encoding != "UTF8") {
    return Status::Unsupported("PostgreSQL database '" + std::string(PQdb(conn->raw())) +
                               "' has encoding " + encoding +
                               "; rexian needs UTF8 (CREATE DATABASE ... ENCODING 'UTF8')");
  }
  Status s = conn->Run("BEGIN", "begin migration");
  if (s.ok()) s = conn->Run(kLockMigrations, "lock migrations");
  if (s.ok()) {
    s = conn->Run(
        "CREATE TABLE IF NOT EXISTS rexian_schema_version ("
        " version integer NOT NULL PRIMARY KEY,"
        " applied_at timestamptz NOT NULL DEFAULT now())",
        "create rexian_schema_version");
  }
  int current = 0;
  if (s.ok()) {
    ResultPtr r(PQexec(conn->raw(), "SELECT coalesce(max(version), 0) FROM rexian_schema_version"));
    if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
      s = ErrorStatus(r.get(), conn->raw(), "read the schema version");
    } else {
      current = std::stoi(PQgetvalue(r.get(), 0, 0));
    }
  }
  if (s.ok() && current > kSchemaVersion) {
    s = Status::Unsupported("PostgreSQL database '" + std::string(PQdb(conn->raw())) +
                            "' has rexian schema version " + std::to_string(current) +
                            ", newer than this build of rexian understands (" +
                            std::to_string(kSchemaVersion) + "): upgrade rexian");
  }
  for (int next = current + 1; s.ok() && next <= kSchemaVersion; ++next) {
    s = conn->Run(kMigrations[next - 1], "migration " + std::to_string(next));
    if (s.ok()) {
      std::string record =
          "INSERT INTO rexian_schema_version (version) VALUES (" + std::to_string(next) + ")";
      s = conn->Run(record.c_str(), "record migration " + std::to_string(next));
    }
  }
  if (s.ok()) return conn->Run("COMMIT", "commit migration");
  conn->Run("ROLLBACK", "roll back migration");
  return s;
}

}  // namespace rexian::pg
