// ReplayServer: a local comment server on 127.0.0.1 for the tests, replaying
// a recorded session either as a WebSocket JSON feed (text messages) or in
// Bilibili's packet format (auth, heartbeats, zlib and brotli bodies) over
// TCP or as WebSocket binary messages. Test-only: the stand-in for platforms we cannot reach.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rexian::live::testing {

// One step of a replay: bytes to send (already framed for TCP, or one
// WebSocket message), or closing the connection (the replay continues on
// the client's next connection).
struct ReplayStep {
  bool close = false;
  std::string bytes;
};

// A WebSocket JSON feed session file: one message per line, sent as is
// (malformed lines included); a line "#disconnect" closes the connection;
// blank lines are skipped.
std::vector<ReplayStep> LoadJsonSession(const std::string& path);

// A Bilibili session file, one step per line:
//   message <json>              one plain packet (operation 5)
//   zlib <json>\t<json>...      the messages nested in one zlib packet
//   brotli <json>\t<json>...    ... in one brotli packet
//   corrupt-zlib                a well-framed zlib packet whose body is broken
//   garbage                     bytes whose header breaks the framing, then close
//   disconnect                  close the connection
std::vector<ReplayStep> LoadBilibiliSession(const std::string& path);

class ReplayServer {
 public:
  enum class Mode { kWebSocketText, kBilibiliTcp, kBilibiliWebSocket };

  // Listens on 127.0.0.1 (a free port) and serves one connection at a time.
  ReplayServer(Mode mode, std::vector<ReplayStep> steps);
  ~ReplayServer();
  ReplayServer(const ReplayServer&) = delete;
  ReplayServer& operator=(const ReplayServer&) = delete;

  int port() const { return port_; }
  // Connections accepted so far.
  int connections() const { return connections_.load(); }
  // Bilibili: heartbeat packets received; the last auth packet's body.
  int heartbeats() const { return heartbeats_.load(); }
  std::string auth_body() const;
  // True once every step was sent.
  bool replayed() const { return next_step_.load() >= steps_.size(); }

 private:
  void Run();
  void Serve(int fd);

  Mode mode_;
  std::vector<ReplayStep> steps_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> heartbeats_{0};
  std::atomic<std::size_t> next_step_{0};
  mutable std::mutex mutex_;
  std::string auth_body_;
  std::thread thread_;
};

}  // namespace rexian::live::testing
