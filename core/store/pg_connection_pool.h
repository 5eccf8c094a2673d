// A small pool of PostgreSQL connections for readers, private to the PostgreSQL backend.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/pg_connection.h"

namespace rexian::pg {

// Hands out at most `capacity` connections, opened lazily and re-established
// when broken. Thread-safe.
class ConnectionPool {
 public:
  class Lease;

  ConnectionPool(std::string dsn, std::size_t capacity)
      : dsn_(std::move(dsn)), capacity_(capacity == 0 ? 1 : capacity) {}

  // Blocks until a connection is free; Unavailable if none can be opened.
  Result<Lease> Acquire();
  // Closes the idle connections; leases still out close theirs on return.
  void Close();

 private:
  void Return(std::unique_ptr<Connection> conn);

  const std::string dsn_;
  const std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t out_ = 0;  // connections leased or being opened
  bool closed_ = false;
};

// A leased connection, given back when destroyed. Movable.
class ConnectionPool::Lease {
 public:
  Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn)
      : pool_(pool), conn_(std::move(conn)) {}
  Lease(Lease&& other) noexcept = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease() {
    if (pool_ != nullptr && conn_) pool_->Return(std::move(conn_));
  }
  Connection* operator->() const { return conn_.get(); }
  Connection* get() const { return conn_.get(); }

 private:
  ConnectionPool* pool_;
  std::unique_ptr<Connection> conn_;
};

// Runs `query(Connection*)` on a pooled connection; once more on a fresh
// connection if the first one turned out to be dead. Only for work that is
// safe to repeat (reads, idempotent statements).
template <typename Query>
Status WithConnection(ConnectionPool* pool, Query query) {
  Status s;
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto lease = pool->Acquire();
    if (!lease.ok()) return lease.status();
    s = query(lease->get());
    if (s.ok() || !(*lease)->broken()) return s;
  }
  return s;
}

}  // namespace rexian::pg
