// ConnectionRegistry: ownership of live connections and waiting for them at shutdown.
#include <vector>

#include "server/server_state.h"

namespace rexian {

bool ConnectionRegistry::Add(std::shared_ptr<Connection> connection, std::size_t limit) {
  std::lock_guard lock(mutex_);
  if (shutting_down_ || connections_.size() >= limit) {
    stats_->connections_rejected.Inc();
    return false;
  }
  const Connection* key = connection.get();
  connections_.emplace(key, std::move(connection));
  stats_->connections_accepted.Inc();
  stats_->connections_open.Add(1);
  return true;
}

void ConnectionRegistry::Remove(const Connection* connection) {
  std::shared_ptr<Connection> released;  // destroyed after the lock is dropped
  std::lock_guard lock(mutex_);
  auto it = connections_.find(connection);
  if (it == connections_.end()) return;
  released = std::move(it->second);
  connections_.erase(it);
  stats_->connections_open.Add(-1);
  if (connections_.empty()) empty_.notify_all();
}

void ConnectionRegistry::BeginShutdownAll() {
  std::vector<std::shared_ptr<Connection>> snapshot;
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    snapshot.reserve(connections_.size());
    for (const auto& [key, connection] : connections_) snapshot.push_back(connection);
  }
  for (const auto& connection : snapshot) connection->BeginShutdown();
}

bool ConnectionRegistry::WaitUntilEmpty(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return empty_.wait_until(lock, deadline, [this] { return connections_.empty(); });
}

void ConnectionRegistry::Clear() {
  std::unordered_map<const Connection*, std::shared_ptr<Connection>> released;
  {
    std::lock_guard lock(mutex_);
    released.swap(connections_);
    stats_->connections_open.Add(-static_cast<double>(released.size()));
  }
}

}  // namespace rexian
