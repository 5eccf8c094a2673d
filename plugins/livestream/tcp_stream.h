// TcpStream: a blocking-with-timeouts TCP connection for the comment
// connectors' own threads (plain POSIX sockets; the connectors never run on
// host threads).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "kit/expected.h"

namespace rexian::live {

using plugin_kit::Done;
using plugin_kit::Expected;
using plugin_kit::Failure;

// Owns one socket; closes it on destruction. Movable, not copyable. Not
// thread-safe: one connector thread uses it.
class TcpStream {
 public:
  // Resolves `host` and connects within `timeout`. A failure names the
  // address and the reason.
  static Expected<TcpStream> Connect(const std::string& host, std::uint16_t port,
                                     std::chrono::milliseconds timeout);

  TcpStream(TcpStream&& other) noexcept;
  TcpStream& operator=(TcpStream&& other) noexcept;
  TcpStream(const TcpStream&) = delete;
  TcpStream& operator=(const TcpStream&) = delete;
  ~TcpStream();

  // Writes all of `data` within `timeout`.
  Expected<Done> WriteAll(std::string_view data, std::chrono::milliseconds timeout);

  // Waits up to `timeout` for bytes and appends what arrived to *buffer.
  // Returns the number of bytes read: 0 when nothing arrived in time; a
  // Failure when the peer closed the connection or it broke.
  Expected<std::size_t> ReadSome(std::string* buffer, std::chrono::milliseconds timeout);

 private:
  explicit TcpStream(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// A parsed ws:// or tcp:// address.
struct FeedAddress {
  std::string scheme;  // "ws" or "tcp"
  std::string host;
  std::uint16_t port = 0;
  std::string path;    // ws: "/sub" ("/" when none); tcp: ""
};

// Parses "ws://host:port/path" or "tcp://host:port" (IPv6 hosts in
// brackets). A failure names what is wrong. wss:// is refused: TLS is not
// implemented (put a TLS-terminating proxy in front).
Expected<FeedAddress> ParseFeedAddress(std::string_view url);

}  // namespace rexian::live
