// A libpq connection with binary parameters and results, private to the PostgreSQL backend.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rexian/status.h"

namespace rexian::pg {

// Query parameters, all sent in binary format (no quoting, no escaping).
class Params {
 public:
  void AddInt64(std::int64_t v);
  // A text or bytea value: the binary format of both is the raw bytes.
  void AddBytes(std::string_view bytes);
  // A one-dimensional text[] without NULLs.
  void AddTextArray(const std::vector<std::string_view>& items);

  int size() const { return static_cast<int>(values_.size()); }
  const char* const* values() const;
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  std::vector<std::string> storage_;  // owns the bytes of every value
  mutable std::vector<const char*> values_;
  std::vector<int> lengths_, formats_;
};

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// Field accessors of a binary-format result. REQUIRES: the column holds the
// type the accessor reads, and the field is not NULL.
std::int64_t GetInt64(const PGresult* r, int row, int column);
std::int32_t GetInt32(const PGresult* r, int row, int column);
std::string_view GetBytes(const PGresult* r, int row, int column);

// Appends big-endian integers, the wire order of PostgreSQL's binary formats.
void PutInt16(std::string* out, std::int16_t v);
void PutInt32(std::string* out, std::int32_t v);
void PutInt64(std::string* out, std::int64_t v);

// Maps a failed result (or a dead connection, when `result` is null) to a
// Status whose message starts with `what`: lost connections, failover,
// serialization failures and deadlocks are Unavailable (retryable), a full
// disk NoSpace, bad text encoding InvalidArgument, the rest IoError.
Status ErrorStatus(const PGresult* result, PGconn* conn, std::string_view what);

// One connection to the server. Not thread-safe: one user at a time.
class Connection {
 public:
  // Connects with a libpq connection string (keyword=value or URI; a
  // multi-host string with target_session_attrs=read-write finds the primary).
  static Result<std::unique_ptr<Connection>> Open(const std::string& dsn);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // True when the connection is known to be unusable.
  bool broken() const;
  // Reconnects (to whichever host of the DSN now accepts) if broken.
  Status EnsureOpen();

  // Runs one statement with binary parameters and binary results. Returns the
  // result of a command or a query; the error as a Status otherwise.
  Result<ResultPtr> Exec(const char* sql, const Params& params, std::string_view what);
  // Runs statements without parameters (text protocol), e.g. "BEGIN".
  Status Run(const char* sql, std::string_view what);
  // Runs a COPY ... FROM STDIN and sends `data` as its whole input.
  Status CopyIn(const char* sql, std::string_view data, std::string_view what);

  PGconn* raw() const { return conn_; }

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  PGconn* conn_;
};

}  // namespace rexian::pg
