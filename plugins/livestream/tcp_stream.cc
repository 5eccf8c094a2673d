// TcpStream over POSIX sockets with poll() timeouts.
#include "livestream/tcp_stream.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>

namespace rexian::live {
namespace {

int PollFor(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd p{fd, events, 0};
  int rc;
  do {
    rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
  } while (rc < 0 && errno == EINTR);
  return rc;
}

}  // namespace

Expected<TcpStream> TcpStream::Connect(const std::string& host, std::uint16_t port,
                                       std::chrono::milliseconds timeout) {
  const std::string where = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0) return Failure{where + ": " + ::gai_strerror(rc)};
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, &::freeaddrinfo);
  std::string last_error = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    TcpStream stream(fd);
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      if (errno != EINPROGRESS) {
        last_error = std::strerror(errno);
        continue;
      }
      if (PollFor(fd, POLLOUT, timeout) <= 0) {
        last_error = "connect timed out";
        continue;
      }
      int error = 0;
      socklen_t len = sizeof error;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len);
      if (error != 0) {
        last_error = std::strerror(error);
        continue;
      }
    }
    return stream;
  }
  return Failure{where + ": " + last_error};
}

TcpStream::TcpStream(TcpStream&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

TcpStream& TcpStream::operator=(TcpStream&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

TcpStream::~TcpStream() {
  if (fd_ >= 0) ::close(fd_);
}

Expected<Done> TcpStream::WriteAll(std::string_view data, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!data.empty()) {
    ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      return Failure{std::string("send: ") + std::strerror(errno)};
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || PollFor(fd_, POLLOUT, left) <= 0) return Failure{"send timed out"};
  }
  return Done{};
}

Expected<std::size_t> TcpStream::ReadSome(std::string* buffer, std::chrono::milliseconds timeout) {
  int ready = PollFor(fd_, POLLIN, timeout);
  if (ready == 0) return std::size_t{0};
  if (ready < 0) return Failure{std::string("poll: ") + std::strerror(errno)};
  char chunk[16384];
  ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n == 0) return Failure{"the peer closed the connection"};
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return std::size_t{0};
    return Failure{std::string("recv: ") + std::strerror(errno)};
  }
  buffer->append(chunk, static_cast<std::size_t>(n));
  return static_cast<std::size_t>(n);
}

Expected<FeedAddress> ParseFeedAddress(std::string_view url) {
  FeedAddress a;
  std::size_t sep = url.find("://");
  if (sep == std::string_view::npos) return Failure{"expected ws://host:port/path or tcp://host:port"};
  a.scheme = std::string(url.substr(0, sep));
  if (a.scheme == "wss") return Failure{"wss:// is not supported (no TLS in the connector); use ws:// behind a TLS proxy"};
  if (a.scheme != "ws" && a.scheme != "tcp") return Failure{"unknown scheme '" + a.scheme + "' (ws or tcp)"};
  std::string_view rest = url.substr(sep + 3);
  std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  a.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (a.scheme == "tcp") {
    if (a.path != "/") return Failure{"tcp:// takes no path"};
    a.path.clear();
  }
  std::size_t colon;
  if (authority.starts_with("[")) {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return Failure{"unclosed '[' in the host"};
    a.host = std::string(authority.substr(1, close - 1));
    colon = close + 1 < authority.size() && authority[close + 1] == ':' ? close + 1 : std::string_view::npos;
  } else {
    colon = authority.rfind(':');
    a.host = std::string(authority.substr(0, colon));
  }
  if (a.host.empty()) return Failure{"no host"};
  if (colon == std::string_view::npos) {
    if (a.scheme == "tcp") return Failure{"tcp:// needs a port"};
    a.port = 80;
    return a;
  }
  std::string_view port = authority.substr(colon + 1);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
    return Failure{"bad port '" + std::string(port) + "'"};
  }
  a.port = static_cast<std::uint16_t>(value);
  return a;
}

}  // namespace rexian::live
