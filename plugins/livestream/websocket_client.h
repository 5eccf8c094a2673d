// WebSocketClient: a minimal RFC 6455 client (no extensions, no TLS) over a
// TcpStream, for the comment feeds.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "livestream/tcp_stream.h"

namespace rexian::live {

// One complete message (fragments joined).
struct WebSocketMessage {
  bool binary = false;
  std::string payload;
};

// Not thread-safe: one connector thread uses it.
class WebSocketClient {
 public:
  // Connects to `address` (scheme ws) and performs the opening handshake,
  // checking Sec-WebSocket-Accept. `max_message_bytes` bounds one message.
  static Expected<WebSocketClient> Open(const FeedAddress& address, std::chrono::milliseconds timeout,
                                        std::size_t max_message_bytes);

  // Sends one text or binary message (masked, as a client must).
  Expected<Done> Send(std::string_view payload, bool binary);

  // Waits up to `timeout` for the next data message. nullopt when none
  // completed in time. Answers pings and a close; a close, a protocol error
  // or an oversized message is a Failure (the connection is then unusable).
  Expected<std::optional<WebSocketMessage>> Receive(std::chrono::milliseconds timeout);

 private:
  WebSocketClient(TcpStream stream, std::size_t max_message_bytes)
      : stream_(std::move(stream)), max_message_bytes_(max_message_bytes) {}
  Expected<Done> SendFrame(int opcode, std::string_view payload);
  // Parses one frame from buffer_ if complete: 1 parsed, 0 need more.
  Expected<int> ParseFrame(int* opcode, bool* fin, std::string* payload);

  TcpStream stream_;
  std::size_t max_message_bytes_;
  std::string buffer_;
  std::string partial_;
  int partial_opcode_ = 0;
};

// base64(SHA-1(key + the RFC 6455 GUID)): what the server must answer.
std::string WebSocketAccept(std::string_view key);

}  // namespace rexian::live
