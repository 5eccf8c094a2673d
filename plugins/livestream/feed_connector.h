// FeedConnector: one comment feed's client on a thread of its own:
// connects, authenticates and sends heartbeats (bilibili), decodes what
// arrives into comments, and reconnects with exponential backoff.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "livestream/comment.h"
#include "livestream/live_options.h"
#include "rexian/plugin.h"

namespace rexian::live {

struct ConnectorSettings {
  std::chrono::milliseconds heartbeat{30000};
  std::chrono::milliseconds reconnect_min{500};
  std::chrono::milliseconds reconnect_max{30000};
  std::size_t max_message_bytes = 1 << 20;
};

// Where a connector reports: comments, log lines and counters. Called on the
// connector's thread; must not block for long.
struct ConnectorSinks {
  std::function<void(Comment)> comment;
  std::function<void(rexian_log_level, const std::string&)> log;
  std::function<void(const char* name, const char* help)> count;
};

class FeedConnector {
 public:
  FeedConnector(FeedConfig feed, ConnectorSettings settings, ConnectorSinks sinks);
  FeedConnector(const FeedConnector&) = delete;
  FeedConnector& operator=(const FeedConnector&) = delete;
  ~FeedConnector();  // stops

  // Starts the thread. REQUIRES: not started.
  void Start();
  // Asks the thread to stop without waiting for it. Idempotent.
  void RequestStop();
  // RequestStop(), then joins the thread (within about 250 ms plus a
  // pending connect's timeout). Idempotent.
  void Stop();

  const FeedConfig& feed() const { return feed_; }
  // Successful connections so far (a reconnect counts again).
  int connections() const { return connections_.load(); }

 private:
  void Run();
  // One connection, until it fails or Stop(); returns why it ended.
  std::string RunOnce(bool* received_data);
  std::string RunWebSocket(bool* received_data);
  std::string RunTcp(bool* received_data);
  // Handles one buffer of bilibili packets; returns non-empty to drop the
  // connection (auth refused).
  std::string HandleBilibili(std::string_view bytes);
  void HandleJson(std::string_view message);
  bool Stopping() const { return stopping_.load(); }

  FeedConfig feed_;
  ConnectorSettings settings_;
  ConnectorSinks sinks_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::mutex wait_mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace rexian::live
