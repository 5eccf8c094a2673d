// FanoutClients over raw non-blocking sockets and one epoll loop: large reads, our own frame parser.
//
// The load generator must cost less than the server it measures: each
// readable socket is drained with 256 KiB reads, frames are parsed by
// server/websocket_frame.h (no copy for a whole frame), and each event's
// timestamps are found by string search, not a JSON parse.
#include "clients.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <charconv>
#include <chrono>
#include <memory>
#include <string_view>
#include <vector>

#include "server/websocket_frame.h"

namespace rexian::bench {
namespace {

namespace ws = rexian::websocket;

constexpr std::size_t kReadBytes = 256 * 1024;
constexpr std::size_t kMaxMessageBytes = 16u << 20;

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Where `key` starts in `text` at or after `from`, or npos. memmem, not
// string_view::find: find runs memchr for the key's first character, a '"'
// every few bytes of JSON.
std::size_t Find(std::string_view text, std::string_view key, std::size_t from) {
  if (from >= text.size()) return std::string_view::npos;
  const void* at = memmem(text.data() + from, text.size() - from, key.data(), key.size());
  return at == nullptr ? std::string_view::npos
                       : static_cast<std::size_t>(static_cast<const char*>(at) - text.data());
}

// The integer after `key` in `text` (searched from `*from`, which moves past
// it), or -1.
std::int64_t NumberAfter(std::string_view text, std::string_view key, std::size_t* from) {
  std::size_t at = Find(text, key, *from);
  if (at == std::string_view::npos) return -1;
  *from = at + key.size();
  std::int64_t value = -1;
  std::from_chars(text.data() + *from, text.data() + text.size(), value);
  return value;
}

enum class State : std::uint8_t { kConnecting, kHandshaking, kOpen, kDone };

struct Client {
  std::uint32_t index = 0;  // in ClientLoop::clients_, the epoll tag
  int fd = -1;
  State state = State::kConnecting;
  std::string response;  // the handshake answer until its blank line
  ws::FrameParser parser{ws::FrameParser::Peer::kServer, kMaxMessageBytes};
  std::int64_t last_position = 0;
  bool finished = false;  // saw the END marker
};

class ClientLoop {
 public:
  ClientLoop(const FanoutClientOptions& options, FanoutResult* result,
             const std::function<void()>& on_ready)
      : options_(options), result_(result), on_ready_(on_ready), read_buffer_(kReadBytes) {
    epoll_ = epoll_create1(0);
    request_ = "GET " + options_.target + " HTTP/1.1\r\nHost: 127.0.0.1:" +
               std::to_string(options_.port) +
               "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
               "Authorization: Bearer " + options_.token + "\r\n\r\n";
    clients_.reserve(options_.clients);
  }
  ~ClientLoop() {
    for (auto& c : clients_) {
      if (c->fd >= 0) close(c->fd);
    }
    close(epoll_);
  }

  void Run() {
    pending_handshakes_ = options_.clients;
    auto next_wave = std::chrono::steady_clock::now();
    const auto deadline_after_connect = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(options_.end_timeout_seconds));
    auto deadline = std::chrono::steady_clock::time_point::max();
    std::vector<epoll_event> events(1024);
    for (;;) {
      auto now = std::chrono::steady_clock::now();
      if (clients_.size() < options_.clients && now >= next_wave) {
        // Waves of 100 so the listen backlog is never the bottleneck.
        for (unsigned i = 0; i < 100 && clients_.size() < options_.clients; ++i) Launch();
        next_wave = now + std::chrono::milliseconds(20);
        if (clients_.size() == options_.clients) deadline = now + deadline_after_connect;
      }
      if (now >= deadline) break;
      if (clients_.size() == options_.clients && pending_handshakes_ == 0 && open_ == 0) break;
      int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 10);
      for (int i = 0; i < n; ++i) {
        Client& client = *clients_[events[i].data.u32];
        if (client.state == State::kConnecting) {
          OnConnected(client, (events[i].events & (EPOLLERR | EPOLLHUP)) == 0);
        } else {
          OnReadable(client);
        }
      }
    }
  }

 private:
  void Launch() {
    auto client = std::make_unique<Client>();
    client->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(client->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(options_.port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    epoll_event event{};
    event.events = EPOLLOUT;
    event.data.u32 = static_cast<std::uint32_t>(clients_.size());
    int rc = connect(client->fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    client->index = static_cast<std::uint32_t>(clients_.size());
    clients_.push_back(std::move(client));
    Client& c = *clients_.back();
    if (rc != 0 && errno != EINPROGRESS) return HandshakeDone(c, false);
    epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &event);
  }

  void OnConnected(Client& c, bool ok) {
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (!ok || error != 0 ||
        write(c.fd, request_.data(), request_.size()) != static_cast<ssize_t>(request_.size())) {
      return HandshakeDone(c, false);
    }
    c.state = State::kHandshaking;
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u32 = c.index;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &event);
  }

  void HandshakeDone(Client& c, bool ok) {
    if (ok) {
      c.state = State::kOpen;
      ++result_->connected;
      ++open_;
    } else {
      Close(c);
    }
    if (--pending_handshakes_ == 0 && !ready_sent_) {
      ready_sent_ = true;
      on_ready_();
    }
  }

  void Close(Client& c) {
    if (c.state == State::kOpen) --open_;
    c.state = State::kDone;
    if (c.fd >= 0) {
      close(c.fd);  // also leaves the epoll set
      c.fd = -1;
    }
  }

  void OnReadable(Client& c) {
    if (c.state == State::kDone) return;
    ssize_t n = read(c.fd, read_buffer_.data(), read_buffer_.size());
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n <= 0) {
      if (c.state == State::kHandshaking) return HandshakeDone(c, false);
      if (!c.finished) ++result_->closed_early;
      return Close(c);
    }
    const std::int64_t now = NowMicros();  // one receipt time per read
    std::string_view bytes(read_buffer_.data(), static_cast<std::size_t>(n));
    if (c.state == State::kHandshaking) {
      c.response.append(bytes);
      std::size_t end = c.response.find("\r\n\r\n");
      if (end == std::string::npos) {
        if (c.response.size() > 8192) HandshakeDone(c, false);
        return;
      }
      bool ok = c.response.starts_with("HTTP/1.1 101");
      std::string rest = c.response.substr(end + 4);
      c.response.clear();
      HandshakeDone(c, ok);
      if (!ok) return;
      bytes = {};
      c.parser.Append(rest);
    }
    if (!bytes.empty()) c.parser.Append(bytes);
    ws::ParsedItem item;
    for (;;) {
      ws::FrameParser::Step step = c.parser.Next(&item);
      if (step == ws::FrameParser::Step::kNeedMore) return;
      if (step == ws::FrameParser::Step::kFailed) {
        ++result_->closed_early;
        return Close(c);
      }
      switch (item.kind) {
        case ws::ParsedItem::Kind::kMessage:
          if (item.payload.substr(0, 16) == R"({"type":"event",)") OnEvent(c, item.payload, now);
          if (c.finished) {
            SendFrame(c, ws::EncodeClientFrame(ws::Opcode::kClose, "\x03\xe8", 0x5a5a5a5a));
            return Close(c);
          }
          break;
        case ws::ParsedItem::Kind::kPing:
          SendFrame(c, ws::EncodeClientFrame(ws::Opcode::kPong, item.payload, 0x12345678));
          break;
        case ws::ParsedItem::Kind::kPong:
          break;
        case ws::ParsedItem::Kind::kClose:
          if (!c.finished) ++result_->closed_early;
          return Close(c);
      }
    }
  }

  static void SendFrame(Client& c, const std::string& frame) {
    (void)!write(c.fd, frame.data(), frame.size());  // a few bytes: fits the socket buffer
  }

  void OnEvent(Client& c, std::string_view text, std::int64_t now) {
    FanoutResult& r = *result_;
    ++r.events;
    r.event_bytes += text.size();
    // The fields in the order the feed writes them: position, ..., recorded_at_us,
    // ..., payload.contact.channel_message_id; each search starts after the last.
    std::size_t from = 0;
    std::int64_t position = NumberAfter(text, R"("position":)", &from);
    if (c.last_position != 0 && position != c.last_position + 1) ++r.gaps;
    c.last_position = position;
    std::int64_t recorded = NumberAfter(text, R"("recorded_at_us":)", &from);
    if (recorded < 0) from = 0;
    std::size_t at = Find(text, R"("channel_message_id":"bench-)", from);
    if (at == std::string_view::npos) return;
    char phase = text[at + 28];
    if (phase == 'E') {
      c.finished = true;
      ++r.finished;
      return;
    }
    std::int64_t appended = -1;
    std::string_view rest = text.substr(at + 30);
    std::from_chars(rest.data(), rest.data() + rest.size(), appended);
    PhaseSamples& samples = r.phase[phase == 'B' ? 1 : 0];
    if (appended > 0) {
      samples.from_append.push_back(static_cast<std::uint32_t>(std::max<std::int64_t>(0, now - appended)));
    }
    if (recorded > 0) {
      samples.from_record.push_back(static_cast<std::uint32_t>(std::max<std::int64_t>(0, now - recorded)));
    }
  }

  const FanoutClientOptions& options_;
  FanoutResult* result_;
  const std::function<void()>& on_ready_;
  std::vector<char> read_buffer_;
  std::string request_;
  int epoll_ = -1;
  std::vector<std::unique_ptr<Client>> clients_;
  unsigned pending_handshakes_ = 0;
  unsigned open_ = 0;
  bool ready_sent_ = false;
};

}  // namespace

FanoutResult RunFanoutClients(const FanoutClientOptions& options,
                              const std::function<void()>& on_ready) {
  FanoutResult result;
  auto started = std::chrono::steady_clock::now();
  {
    ClientLoop loop(options, &result, on_ready);
    loop.Run();
  }
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  result.cpu_user_seconds =
      static_cast<double>(usage.ru_utime.tv_sec) + static_cast<double>(usage.ru_utime.tv_usec) / 1e6;
  result.cpu_system_seconds =
      static_cast<double>(usage.ru_stime.tv_sec) + static_cast<double>(usage.ru_stime.tv_usec) / 1e6;
  return result;
}

}  // namespace rexian::bench
