// FeedClient: a blocking WebSocket client for the feed tests (the tests' one Beast translation unit).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rexian::testing {

// The HTTP answer to an upgrade that was refused.
struct UpgradeRefusal {
  int status = 0;
  std::string content_type;
  std::string body;
};

// One WebSocket connection to 127.0.0.1. A reader thread receives messages
// into a queue; Pause() stops it reading (the peer then sees a stalled client).
class FeedClient {
 public:
  // Connects and upgrades `target` ("/v1/feed?from=now") with `headers`.
  // `receive_buffer_bytes` > 0 shrinks the socket's receive buffer (set before
  // connecting). nullptr and *refusal filled when the server answered with
  // plain HTTP instead; throws std::runtime_error on network failure.
  static std::unique_ptr<FeedClient> Connect(
      std::uint16_t port, const std::string& target,
      const std::vector<std::pair<std::string, std::string>>& headers,
      UpgradeRefusal* refusal = nullptr, int receive_buffer_bytes = 0, bool start_paused = false);

  ~FeedClient();
  FeedClient(const FeedClient&) = delete;
  FeedClient& operator=(const FeedClient&) = delete;

  // The next message, waiting up to `timeout`; nullopt on timeout or once closed
  // and drained.
  std::optional<std::string> Next(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // Stops / resumes reading from the socket.
  void Pause();
  void Resume();

  // Whether the server closed the connection, and its close frame.
  bool closed() const;
  int close_code() const;
  std::string close_reason() const;

 private:
  struct State;
  explicit FeedClient(std::shared_ptr<State> state);
  std::shared_ptr<State> state_;
};

}  // namespace rexian::testing
