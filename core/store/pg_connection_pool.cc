// The reader connection pool of the PostgreSQL backend.
#include "store/pg_connection_pool.h"

namespace rexian::pg {

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_ptr<Connection> conn;
  {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return closed_ || !idle_.empty() || out_ < capacity_; });
    if (closed_) return Status::Unavailable("the event store is closed");
    ++out_;
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (conn) {
    Status s = conn->EnsureOpen();
    if (s.ok()) return Lease(this, std::move(conn));
    Return(std::move(conn));
    return s;
  }
  auto opened = Connection::Open(dsn_);
  if (!opened.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    --out_;
    cv_.notify_one();
    return opened.status();
  }
  return Lease(this, std::move(opened).value());
}

void ConnectionPool::Return(std::unique_ptr<Connection> conn) {
  std::lock_guard<std::mutex> lock(mu_);
  --out_;
  if (!closed_) idle_.push_back(std::move(conn));
  cv_.notify_one();
}

void ConnectionPool::Close() {
  std::vector<std::unique_ptr<Connection>> idle;
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    idle.swap(idle_);
  }
  cv_.notify_all();
}

}  // namespace rexian::pg
