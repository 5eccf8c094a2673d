// The epoll generator: every connection on one thread, so the generator takes little of the CPU it shares with the server.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>

#include "load_generator.h"

namespace rexian::api_bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kStallMillis = 60'000;  // no answer on any connection this long: fail

// One keep-alive connection and the cycle it is working through.
struct Connection {
  int fd = -1;
  bool active = false;
  std::uint64_t cycle = 0;
  int step = 0;
  std::string ticket_id;
  CommandRequest request;
  std::string out;
  std::size_t out_sent = 0;
  bool watching_out = false;  // registered for EPOLLOUT
  std::string in;
  Clock::time_point sent_at;
};

// A parsed answer, when `in` holds a whole one.
struct Answer {
  int status = 0;
  std::string_view body;
  std::size_t size = 0;  // bytes of `in` it takes
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Parses the answer at the start of `in`. False with `error` empty: not all
// of it has arrived yet. The server always sends Content-Length.
bool ParseAnswer(std::string_view in, Answer* answer, std::string* error) {
  const std::size_t head_end = in.find("\r\n\r\n");
  if (head_end == std::string_view::npos) return false;
  std::string_view head = in.substr(0, head_end);
  if (head.size() < 12 || !head.starts_with("HTTP/1.1 ")) {
    *error = "malformed status line: " + std::string(head.substr(0, 80));
    return false;
  }
  std::from_chars(head.data() + 9, head.data() + 12, answer->status);
  std::size_t length = 0;
  bool has_length = false;
  std::size_t line = head.find("\r\n");
  while (line != std::string_view::npos) {
    std::size_t next = head.find("\r\n", line + 2);
    std::string_view field = head.substr(line + 2, next == std::string_view::npos ? std::string_view::npos : next - line - 2);
    std::size_t colon = field.find(':');
    if (colon != std::string_view::npos) {
      std::string_view name = field.substr(0, colon);
      std::string_view value = field.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (EqualsIgnoreCase(name, "content-length")) {
        has_length = std::from_chars(value.data(), value.data() + value.size(), length).ec == std::errc();
      } else if (EqualsIgnoreCase(name, "connection") && EqualsIgnoreCase(value, "close")) {
        *error = "the server closes the connection (Connection: close)";
        return false;
      }
    }
    line = next;
  }
  if (!has_length) {
    *error = "an answer without Content-Length";
    return false;
  }
  if (in.size() < head_end + 4 + length) return false;
  answer->body = in.substr(head_end + 4, length);
  answer->size = head_end + 4 + length;
  return true;
}

class EpollLoad {
 public:
  explicit EpollLoad(const LoadPlan& plan) : plan_(plan), connections_(plan.connections) {
    for (auto& v : result_.latencies_ns) v.reserve(plan.cycles);
  }
  ~EpollLoad() {
    for (Connection& c : connections_) {
      if (c.fd >= 0) ::close(c.fd);
    }
    if (epoll_ >= 0) ::close(epoll_);
  }

  LoadResult Run() {
    const auto start = Clock::now();
    if (Connect()) {
      for (Connection& c : connections_) StartCycle(c);
      Loop();
    }
    result_.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (const auto& v : result_.latencies_ns) result_.commands += v.size();
    return std::move(result_);
  }

 private:
  void Fail(std::string error) {
    if (result_.error.empty()) result_.error = std::move(error);
  }

  bool Connect() {
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll_ < 0) {
      Fail(std::string("epoll_create1: ") + std::strerror(errno));
      return false;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(plan_.port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (std::size_t i = 0; i < connections_.size(); ++i) {
      Connection& c = connections_[i];
      c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (c.fd < 0 || ::connect(c.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        Fail("connection " + std::to_string(i) + ": " + std::strerror(errno));
        return false;
      }
      int one = 1;
      ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      if (::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK) != 0) {
        Fail(std::string("fcntl: ") + std::strerror(errno));
        return false;
      }
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = i;
      ::epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev);
    }
    return true;
  }

  // Takes the next cycle, or retires the connection when none is left.
  void StartCycle(Connection& c) {
    if (next_cycle_ >= plan_.cycles) {
      c.active = false;
      return;
    }
    c.active = true;
    ++active_;
    c.cycle = next_cycle_++;
    c.step = 0;
    c.ticket_id.clear();
    Send(c);
  }

  void Send(Connection& c) {
    c.request = BuildCommand(c.step, c.cycle, plan_.citizens, c.ticket_id);
    c.out = SerializeRequest(c.request);
    c.out_sent = 0;
    c.sent_at = Clock::now();
    Flush(c);
  }

  // Writes what the socket takes; waits for EPOLLOUT for the rest.
  void Flush(Connection& c) {
    while (c.out_sent < c.out.size()) {
      ssize_t n = ::send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL);
      if (n > 0) {
        c.out_sent += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        Watch(c, EPOLLIN | EPOLLOUT);
        return;
      }
      Fail(std::string(CommandName(c.request.kind)) + ": send: " + std::strerror(errno));
      return;
    }
    Watch(c, EPOLLIN);
  }

  // Changes the registration only when it differs, saving a system call per command.
  void Watch(Connection& c, std::uint32_t events) {
    const bool out = (events & EPOLLOUT) != 0;
    if (out == c.watching_out) return;
    c.watching_out = out;
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = static_cast<std::uint64_t>(&c - connections_.data());
    ::epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
  }

  // Reads what arrived and handles a complete answer.
  void Receive(Connection& c) {
    char buffer[16384];
    for (;;) {
      ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
      if (n > 0) {
        c.in.append(buffer, static_cast<std::size_t>(n));
        if (static_cast<std::size_t>(n) < sizeof buffer) break;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      Fail(std::string(CommandName(c.request.kind)) + " " + c.request.target + ": " +
           (n == 0 ? std::string("the server closed the connection") : std::strerror(errno)));
      return;
    }
    Answer answer;
    std::string error;
    if (!ParseAnswer(c.in, &answer, &error)) {
      if (!error.empty()) Fail(std::string(CommandName(c.request.kind)) + ": " + error);
      return;
    }
    const auto now = Clock::now();
    if (!c.active || c.out_sent < c.out.size() || answer.size != c.in.size()) {
      Fail("an answer the generator did not ask for on connection " +
           std::to_string(&c - connections_.data()));
      return;
    }
    error = CheckAnswer(c.request, answer.status, answer.body, &c.ticket_id);
    if (!error.empty()) {
      Fail(error);
      return;
    }
    c.in.clear();
    result_.latencies_ns[static_cast<std::size_t>(c.step)].push_back(static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(now - c.sent_at).count()));
    if (++c.step < kCommandsPerCycle) {
      Send(c);
      return;
    }
    ++result_.cycles;
    --active_;
    StartCycle(c);
  }

  void Loop() {
    epoll_event events[256];
    while (active_ > 0 && result_.error.empty()) {
      int n = ::epoll_wait(epoll_, events, 256, kStallMillis);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        Fail(std::string("epoll_wait: ") + std::strerror(errno));
        return;
      }
      if (n == 0) {
        Fail("no answer on any connection for " + std::to_string(kStallMillis / 1000) + " s");
        return;
      }
      for (int i = 0; i < n && result_.error.empty(); ++i) {
        Connection& c = connections_[events[i].data.u64];
        if ((events[i].events & EPOLLOUT) != 0) Flush(c);
        if ((events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0) Receive(c);
      }
    }
  }

  const LoadPlan plan_;
  std::vector<Connection> connections_;
  int epoll_ = -1;
  std::uint64_t next_cycle_ = 0;
  unsigned active_ = 0;  // connections with a cycle under way
  LoadResult result_;
};

}  // namespace

LoadResult RunEpollLoad(const LoadPlan& plan) { return EpollLoad(plan).Run(); }

}  // namespace rexian::api_bench
