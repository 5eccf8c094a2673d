// HttpClient: blocking HTTP/1.1 over a POSIX socket.
#include "server/http_client.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

namespace rexian::testing {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool HasHeader(const HttpHeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (Lower(key) == Lower(name)) return true;
  }
  return false;
}

std::string ErrnoText(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

}  // namespace

std::string HttpClientResponse::header(std::string_view name) const {
  std::string wanted = Lower(name);
  for (const auto& [key, value] : headers) {
    if (Lower(key) == wanted) return value;
  }
  return {};
}

HttpClient::HttpClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
    : host_(std::move(host)), port_(port), timeout_(timeout) {}

HttpClient::~HttpClient() { Close(); }

void HttpClient::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buffer_.clear();
  reused_ = false;
}

void HttpClient::Connect() {
  Close();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  std::string port = std::to_string(port_);
  if (int rc = ::getaddrinfo(host_.c_str(), port.c_str(), &hints, &addresses); rc != 0) {
    throw HttpClientError("resolve " + host_ + ": " + ::gai_strerror(rc));
  }
  std::string last_error = "no address";
  for (addrinfo* a = addresses; a != nullptr; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last_error = ErrnoText("socket");
      continue;
    }
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout_.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout_.count() % 1000) * 1000);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
      fd_ = fd;
      break;
    }
    last_error = ErrnoText("connect");
    ::close(fd);
  }
  ::freeaddrinfo(addresses);
  if (fd_ < 0) throw HttpClientError(host_ + ":" + port + ": " + last_error);
  ++connections_opened_;
}

void HttpClient::SendRaw(std::string_view bytes) {
  if (fd_ < 0) Connect();
  while (!bytes.empty()) {
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw HttpClientError(ErrnoText("send"));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

bool HttpClient::ReceiveMore() {
  if (fd_ < 0) throw HttpClientError("not connected");
  char chunk[16 * 1024];
  for (;;) {
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      bytes_received_ += static_cast<std::size_t>(n);
      return true;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) throw HttpClientError("recv: timed out");
    throw HttpClientError(ErrnoText("recv"));
  }
}

std::string HttpClient::ReadUntil(std::string_view terminator) {
  std::size_t searched = 0;
  for (;;) {
    std::size_t at = buffer_.find(terminator, searched);
    if (at != std::string::npos) {
      std::string head = buffer_.substr(0, at);
      buffer_.erase(0, at + terminator.size());
      return head;
    }
    searched = buffer_.size() >= terminator.size() ? buffer_.size() - terminator.size() + 1 : 0;
    if (!ReceiveMore()) throw HttpClientError("connection closed by the server");
  }
}

std::string HttpClient::ReadExactly(std::size_t count) {
  while (buffer_.size() < count) {
    if (!ReceiveMore()) throw HttpClientError("connection closed in the middle of a body");
  }
  std::string out = buffer_.substr(0, count);
  buffer_.erase(0, count);
  return out;
}

HttpClientResponse HttpClient::ReadResponse(bool head_request) {
  HttpClientResponse response;
  std::string head = ReadUntil("\r\n\r\n");
  std::size_t line_end = head.find("\r\n");
  std::string_view status_line = std::string_view(head).substr(0, line_end);
  // "HTTP/1.1 200 OK"
  if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12) {
    throw HttpClientError("malformed status line: " + std::string(status_line));
  }
  response.status = std::stoi(std::string(status_line.substr(9, 3)));
  if (status_line.size() > 13) response.reason = std::string(status_line.substr(13));
  std::string_view rest = line_end == std::string::npos
                              ? std::string_view()
                              : std::string_view(head).substr(line_end + 2);
  while (!rest.empty()) {
    std::size_t end = rest.find("\r\n");
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) throw HttpClientError("malformed header line");
    response.headers.emplace_back(std::string(line.substr(0, colon)),
                                  std::string(Trim(line.substr(colon + 1))));
  }

  bool bodiless =
      head_request || response.status < 200 || response.status == 204 || response.status == 304;
  std::string length = response.header("Content-Length");
  if (bodiless) {
    // no body
  } else if (Lower(response.header("Transfer-Encoding")).find("chunked") != std::string::npos) {
    for (;;) {
      std::string size_line = ReadUntil("\r\n");
      std::size_t size = std::stoul(size_line, nullptr, 16);
      if (size == 0) {
        while (!ReadUntil("\r\n").empty()) {
        }  // trailers
        break;
      }
      response.body += ReadExactly(size);
      ReadUntil("\r\n");
    }
  } else if (!length.empty()) {
    response.body = ReadExactly(std::stoul(length));
  } else {
    while (ReceiveMore()) {
    }
    response.body = std::move(buffer_);
    buffer_.clear();
    Close();
  }
  if (response.status >= 200) {
    reused_ = true;
    std::string connection = Lower(response.header("Connection"));
    bool http10 = status_line.starts_with("HTTP/1.0");
    if (connection == "close" || (http10 && connection != "keep-alive")) Close();
  }
  return response;
}

HttpClientResponse HttpClient::Request(std::string_view method, std::string_view target,
                                       std::string_view body, const HttpHeaderList& headers) {
  std::string request;
  request.reserve(256 + body.size());
  request.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  if (!HasHeader(headers, "Host")) {
    request.append("Host: ").append(host_).append(":").append(std::to_string(port_)).append("\r\n");
  }
  bool wants_length = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
  if (wants_length && !HasHeader(headers, "Content-Length")) {
    request.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  }
  for (const auto& [name, value] : headers)
    request.append(name).append(": ").append(value).append("\r\n");
  request.append("\r\n").append(body);

  bool head_request = method == "HEAD";
  for (int attempt = 0;; ++attempt) {
    bool was_reused = fd_ >= 0 && reused_;
    std::size_t received_before = bytes_received_;
    try {
      SendRaw(request);
      HttpClientResponse response = ReadResponse(head_request);
      while (response.status < 200) response = ReadResponse(head_request);
      return response;
    } catch (const HttpClientError&) {
      // A keep-alive connection the server closed meanwhile: retry once afresh.
      if (attempt > 0 || !was_reused || bytes_received_ != received_before) {
        Close();
        throw;
      }
      Close();
    }
  }
}

bool HttpClient::WaitForClose(std::chrono::milliseconds timeout) {
  if (fd_ < 0) return true;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    int rc = ::poll(&p, 1, static_cast<int>(left.count()));
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) return false;
    char chunk[4096];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    Close();
    return true;
  }
}

}  // namespace rexian::testing
