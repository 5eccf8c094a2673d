// The replaying comment servers (test-only).
#include "comment_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "livestream/bilibili_compress.h"
#include "livestream/bilibili_packet.h"
#include "livestream/websocket_client.h"

namespace rexian::live::testing {
namespace {

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

std::string Nested(const std::string& messages) {
  std::string inner;
  std::istringstream in(messages);
  std::string one;
  while (std::getline(in, one, '\t')) inner += EncodeBilibili(kProtocolJson, kOpMessage, 0, one);
  return inner;
}

bool SendAll(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads what is available within `ms` into *buffer; false when the peer closed.
bool ReadSome(int fd, std::string* buffer, int ms) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, ms) <= 0) return true;
  char chunk[8192];
  ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer->append(chunk, static_cast<std::size_t>(n));
  return true;
}

// One unmasked server frame: text (0x1) or binary (0x2).
std::string ServerFrame(const std::string& payload, int opcode) {
  std::string frame;
  frame.push_back(static_cast<char>(0x80 | opcode));
  if (payload.size() < 126) {
    frame.push_back(static_cast<char>(payload.size()));
  } else {
    frame.push_back(static_cast<char>(126));
    frame.push_back(static_cast<char>(payload.size() >> 8));
    frame.push_back(static_cast<char>(payload.size() & 0xff));
  }
  return frame + payload;
}

// Takes one masked client frame's payload off the front of *buffer; false
// when it is not complete yet.
bool TakeClientFrame(std::string* buffer, std::string* payload) {
  if (buffer->size() < 2) return false;
  std::size_t length = static_cast<unsigned char>((*buffer)[1]) & 0x7f;
  std::size_t at = 2;
  if (length == 126) {
    if (buffer->size() < 4) return false;
    length = (static_cast<std::size_t>(static_cast<unsigned char>((*buffer)[2])) << 8) |
             static_cast<unsigned char>((*buffer)[3]);
    at = 4;
  } else if (length == 127) {
    return false;  // the client's packets are small
  }
  if (buffer->size() < at + 4 + length) return false;
  const std::string mask = buffer->substr(at, 4);
  payload->assign(*buffer, at + 4, length);
  for (std::size_t i = 0; i < length; ++i) (*payload)[i] = static_cast<char>((*payload)[i] ^ mask[i % 4]);
  buffer->erase(0, at + 4 + length);
  return true;
}

}  // namespace

std::vector<ReplayStep> LoadJsonSession(const std::string& path) {
  std::vector<ReplayStep> steps;
  for (const std::string& line : Lines(path)) {
    if (line == "#disconnect") {
      steps.push_back({true, ""});
    } else {
      steps.push_back({false, line});
    }
  }
  return steps;
}

std::vector<ReplayStep> LoadBilibiliSession(const std::string& path) {
  std::vector<ReplayStep> steps;
  for (const std::string& line : Lines(path)) {
    const std::size_t space = line.find(' ');
    const std::string kind = line.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
    if (kind == "message") {
      steps.push_back({false, EncodeBilibili(kProtocolJson, kOpMessage, 0, rest)});
    } else if (kind == "zlib") {
      steps.push_back({false, EncodeBilibili(kProtocolZlib, kOpMessage, 0, ZlibCompress(Nested(rest)))});
    } else if (kind == "brotli") {
      steps.push_back({false, EncodeBilibili(kProtocolBrotli, kOpMessage, 0, BrotliCompress(Nested(rest)))});
    } else if (kind == "corrupt-zlib") {
      std::string body = ZlibCompress(Nested(R"({"cmd":"DANMU_MSG","info":[[0,0,0,0,1],"lost",[9,"x"]]})"));
      for (std::size_t i = 2; i < body.size(); i += 3) body[i] = static_cast<char>(body[i] ^ 0x5a);
      steps.push_back({false, EncodeBilibili(kProtocolZlib, kOpMessage, 0, body)});
    } else if (kind == "garbage") {
      steps.push_back({false, std::string("\x00\x00\x00\x05GARBAGE-NOT-A-PACKET", 24)});
      steps.push_back({true, ""});
    } else if (kind == "disconnect") {
      steps.push_back({true, ""});
    }
  }
  return steps;
}

ReplayServer::ReplayServer(Mode mode, std::vector<ReplayStep> steps)
    : mode_(mode), steps_(std::move(steps)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::listen(listener_, 8);
  socklen_t len = sizeof addr;
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Run(); });
}

ReplayServer::~ReplayServer() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  ::close(listener_);
}

std::string ReplayServer::auth_body() const {
  std::lock_guard lock(mutex_);
  return auth_body_;
}

void ReplayServer::Run() {
  while (!stopping_) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++connections_;
    Serve(fd);
    ::close(fd);
  }
}

void ReplayServer::Serve(int fd) {
  std::string in;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  const bool websocket = mode_ != Mode::kBilibiliTcp;
  if (websocket) {
    while (in.find("\r\n\r\n") == std::string::npos) {
      if (stopping_ || std::chrono::steady_clock::now() > deadline || !ReadSome(fd, &in, 100)) return;
    }
    const std::string marker = "Sec-WebSocket-Key: ";
    std::size_t at = in.find(marker);
    if (at == std::string::npos) return;
    const std::string key = in.substr(at + marker.size(), in.find("\r\n", at) - at - marker.size());
    SendAll(fd, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Accept: " + WebSocketAccept(key) + "\r\n\r\n");
    in.erase(0, in.find("\r\n\r\n") + 4);
  }
  if (mode_ == Mode::kBilibiliWebSocket) {
    // The client's first message must be its auth packet.
    std::string message;
    while (!TakeClientFrame(&in, &message)) {
      if (stopping_ || std::chrono::steady_clock::now() > deadline || !ReadSome(fd, &in, 100)) return;
    }
    BilibiliDecoded auth = DecodeBilibili(message);
    if (auth.packets.empty() || auth.packets[0].operation != kOpAuth) return;
    {
      std::lock_guard lock(mutex_);
      auth_body_ = auth.packets[0].body;
    }
    SendAll(fd, ServerFrame(EncodeBilibili(kProtocolPlain, kOpAuthReply, 1, R"({"code":0})"), 0x2));
  } else if (mode_ == Mode::kBilibiliTcp) {
    // The client's first packet must be its auth.
    while (in.size() < kBilibiliHeaderSize || in.size() < AnnouncedLength(in)) {
      if (stopping_ || std::chrono::steady_clock::now() > deadline || !ReadSome(fd, &in, 100)) return;
    }
    const std::uint32_t length = AnnouncedLength(in);
    BilibiliDecoded auth = DecodeBilibili(std::string_view(in).substr(0, length));
    if (auth.packets.empty() || auth.packets[0].operation != kOpAuth) return;
    {
      std::lock_guard lock(mutex_);
      auth_body_ = auth.packets[0].body;
    }
    in.erase(0, length);
    SendAll(fd, EncodeBilibili(kProtocolPlain, kOpAuthReply, 1, R"({"code":0})"));
  }
  // Replay, then keep the connection open, answering heartbeats.
  while (!stopping_) {
    const std::size_t i = next_step_.load();
    if (i < steps_.size()) {
      next_step_ = i + 1;
      if (steps_[i].close) {
        // Half-close and drain, so that unread heartbeats do not turn the
        // close into a reset that could discard what the client has not read.
        ::shutdown(fd, SHUT_WR);
        const auto drain_until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (std::chrono::steady_clock::now() < drain_until && ReadSome(fd, &in, 50)) in.clear();
        return;
      }
      const std::string bytes = mode_ == Mode::kWebSocketText       ? ServerFrame(steps_[i].bytes, 0x1)
                                : mode_ == Mode::kBilibiliWebSocket ? ServerFrame(steps_[i].bytes, 0x2)
                                                                    : steps_[i].bytes;
      if (!SendAll(fd, bytes)) return;
      continue;
    }
    if (!ReadSome(fd, &in, 100)) return;
    if (mode_ == Mode::kBilibiliTcp) {
      while (in.size() >= kBilibiliHeaderSize && in.size() >= AnnouncedLength(in)) {
        const std::uint32_t length = AnnouncedLength(in);
        if (length < kBilibiliHeaderSize) return;
        BilibiliDecoded packet = DecodeBilibili(std::string_view(in).substr(0, length));
        in.erase(0, length);
        if (!packet.packets.empty() && packet.packets[0].operation == kOpHeartbeat) {
          ++heartbeats_;
          SendAll(fd, EncodeBilibili(kProtocolPlain, kOpHeartbeatReply, 1, std::string("\0\0\x14\x83", 4)));
        }
      }
    } else if (mode_ == Mode::kBilibiliWebSocket) {
      std::string message;
      while (TakeClientFrame(&in, &message)) {
        BilibiliDecoded packet = DecodeBilibili(message);
        if (!packet.packets.empty() && packet.packets[0].operation == kOpHeartbeat) {
          ++heartbeats_;
          SendAll(fd, ServerFrame(EncodeBilibili(kProtocolPlain, kOpHeartbeatReply, 1, std::string("\0\0\x14\x83", 4)), 0x2));
        }
      }
    } else {
      in.clear();  // the client's frames (pongs, none expected) are not needed
    }
  }
}

}  // namespace rexian::live::testing
