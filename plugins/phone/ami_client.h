// AmiClient: a client connection to Asterisk's Manager Interface on its own
// thread: connect, log in, follow the event stream, and on any failure
// reconnect with exponential backoff; after every login, list the channels
// (CoreShowChannels) so the caller can reconcile the calls it follows.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "phone/ami_message.h"

namespace rexian::phone {

struct AmiClientOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 5038;
  std::string username;
  std::string secret;
  std::chrono::milliseconds reconnect_initial{500};
  std::chrono::milliseconds reconnect_max{30000};
  std::chrono::milliseconds connect_timeout{5000};
  // Silence after which a Ping is sent, and after which (3x) the connection
  // is taken for dead.
  std::chrono::milliseconds keepalive{15000};
  std::chrono::milliseconds tick{200};  // how often on_tick runs
};

// Called on the client's thread, one at a time. They must not block for long.
struct AmiClientCallbacks {
  // Every event, in order, except those of the channel listing.
  std::function<void(const AmiMessage& event)> on_event;
  // After each login, before any event that followed it: the channels
  // Asterisk listed (CoreShowChannel events).
  std::function<void(const std::vector<AmiMessage>& channels)> on_channels;
  // The connection came up (true) or went down (false, with the reason).
  std::function<void(bool up, const std::string& reason)> on_connection;
  // About every `tick`, connected or not: timers of the caller.
  std::function<void()> on_tick;
};

class AmiClient {
 public:
  AmiClient(AmiClientOptions options, AmiClientCallbacks callbacks);
  ~AmiClient();  // stops
  AmiClient(const AmiClient&) = delete;
  AmiClient& operator=(const AmiClient&) = delete;

  // Starts the thread. Once.
  void Start();
  // Closes the connection and joins the thread; returns within about one
  // tick (plus a connect in progress, bounded by connect_timeout). Idempotent.
  void Stop();

  // Garbage lines skipped so far (thread-safe).
  std::uint64_t garbage_lines() const { return garbage_.load(); }
  // Successful logins so far (thread-safe).
  std::uint64_t logins() const { return logins_.load(); }

 private:
  void Run();
  // One connection from connect to drop; the reason it ended.
  std::string Session();
  bool SleepFor(std::chrono::milliseconds d);  // false when stopping

  AmiClientOptions options_;
  AmiClientCallbacks callbacks_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  int wake_[2] = {-1, -1};  // self-pipe: Stop() wakes poll()
  std::atomic<std::uint64_t> garbage_{0};
  std::atomic<std::uint64_t> logins_{0};
};

}  // namespace rexian::phone
