// Follows the log's head across processes with LISTEN/NOTIFY, private to the PostgreSQL backend.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "store/pg_connection.h"

namespace rexian::pg {

// The channel every writer notifies at commit, with the new head as payload.
inline constexpr const char* kHeadChannel = "rexian_log";

// Keeps one dedicated connection LISTENing on kHeadChannel and reports each
// new head (of any process's commit) to `on_head`. When the connection drops
// it reconnects by itself and then reports the head read from the table, so
// no wake-up is lost for long. `on_head` runs on the listener's thread.
class HeadListener {
 public:
  HeadListener(std::string dsn, std::function<void(std::uint64_t)> on_head);
  ~HeadListener();
  HeadListener(const HeadListener&) = delete;
  HeadListener& operator=(const HeadListener&) = delete;

  // Starts the thread. REQUIRES: not started.
  void Start();
  // Stops and joins the thread. Idempotent.
  void Stop();

 private:
  void Run();
  // Connects, LISTENs and reports the current head; null on failure.
  std::unique_ptr<Connection> Connect();

  const std::string dsn_;
  const std::function<void(std::uint64_t)> on_head_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace rexian::pg
