// ServerState: what HttpServer, its listener and its sessions share; free of Asio types.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "rexian/http.h"
#include "rexian/metrics.h"
#include "server/router.h"

namespace rexian {

// Counters the server keeps instead of an access log; exported by
// HttpServer::ExportMetrics. Outlives the server when a collector holds it.
struct HttpServerStats {
  HttpServerStats() : request_duration(LatencyBucketsSeconds()) {}

  // Counts one answered request by status class (1xx..5xx).
  void CountResponse(int status, double seconds) {
    std::size_t index =
        status >= 100 && status <= 599 ? static_cast<std::size_t>(status / 100 - 1) : 4;
    requests_by_class[index].Inc();
    request_duration.Observe(seconds);
  }

  std::array<Counter, 5> requests_by_class;  // [0] = 1xx ... [4] = 5xx
  Histogram request_duration;                // request read -> response ready
  Gauge connections_open;
  Counter connections_accepted;
  Counter connections_rejected;
};

// Whether the I/O context still runs. A responder may be called from any
// thread at any time; it posts to a session only under a shared lock while
// `running`, so the I/O context cannot be torn down underneath the post.
struct IoLifetime {
  std::shared_mutex mutex;
  bool running = true;  // guarded by mutex
};

// A live connection, as the server sees it for shutdown. Sessions of every
// protocol (HTTP now, WebSocket later) implement it.
class Connection {
 public:
  virtual ~Connection() = default;
  // Asks the connection to finish: close now if idle, else after the current
  // response. Thread-safe; returns at once.
  virtual void BeginShutdown() = 0;
};

// Owns the live connections: keeps each alive until it unregisters, and lets
// Stop wait for them. Thread-safe.
class ConnectionRegistry {
 public:
  explicit ConnectionRegistry(std::shared_ptr<HttpServerStats> stats) : stats_(std::move(stats)) {}

  // Adds `connection` unless shutdown began or `limit` connections are open;
  // returns whether it was added.
  bool Add(std::shared_ptr<Connection> connection, std::size_t limit);
  // Drops `connection` if present; the last one out wakes WaitUntilEmpty.
  void Remove(const Connection* connection);
  // Refuses further Adds and calls BeginShutdown on every connection.
  void BeginShutdownAll();
  // True if every connection unregistered before `deadline`.
  bool WaitUntilEmpty(std::chrono::steady_clock::time_point deadline);
  // Releases the remaining connections. REQUIRES: the I/O threads have stopped.
  void Clear();

 private:
  std::shared_ptr<HttpServerStats> stats_;
  std::mutex mutex_;
  std::condition_variable empty_;
  bool shutting_down_ = false;
  std::unordered_map<const Connection*, std::shared_ptr<Connection>> connections_;
};

// WebSocket routes by exact path (see HttpServer::RouteWebSocket). Thread-safe.
class WebSocketRoutes {
 public:
  // Adds or replaces the handler of `path`.
  void Add(std::string path, WebSocketHandler handler) {
    auto shared = std::make_shared<const WebSocketHandler>(std::move(handler));
    std::unique_lock lock(mutex_);
    routes_[std::move(path)] = std::move(shared);
  }
  // The handler of `path`, null when none.
  std::shared_ptr<const WebSocketHandler> Find(const std::string& path) const {
    std::shared_lock lock(mutex_);
    auto it = routes_.find(path);
    return it == routes_.end() ? nullptr : it->second;
  }

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const WebSocketHandler>> routes_;
};

struct ServerState {
  explicit ServerState(const HttpServerOptions& server_options)
      : options(server_options),
        stats(std::make_shared<HttpServerStats>()),
        lifetime(std::make_shared<IoLifetime>()),
        connections(stats) {}

  const HttpServerOptions options;
  Router router;
  WebSocketRoutes websocket_routes;
  std::shared_ptr<HttpServerStats> stats;
  std::shared_ptr<IoLifetime> lifetime;
  ConnectionRegistry connections;
  std::atomic<bool> stopping{false};
};

}  // namespace rexian
