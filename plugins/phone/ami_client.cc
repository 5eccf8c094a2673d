// AmiClient: sockets, poll() and the login / listing / event loop.
#include "phone/ami_client.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace rexian::phone {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

constexpr const char* kLoginId = "rexian-login";
constexpr const char* kListId = "rexian-channels";
constexpr const char* kPingId = "rexian-ping";

int MillisUntil(Clock::time_point deadline) {
  const auto left = duration_cast<milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

// A socket closed on scope exit.
struct Socket {
  int fd = -1;
  ~Socket() {
    if (fd >= 0) ::close(fd);
  }
};

// Connects with a deadline; "" on success, else the reason.
std::string Connect(const AmiClientOptions& o, Clock::time_point deadline, Socket* out) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(o.port);
  if (int rc = ::getaddrinfo(o.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    return "cannot resolve " + o.host + ": " + ::gai_strerror(rc);
  }
  std::string why = "no address for " + o.host;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    Socket s;
    s.fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (s.fd < 0) continue;
    int rc = ::connect(s.fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{s.fd, POLLOUT, 0};
      rc = ::poll(&p, 1, MillisUntil(deadline));
      int error = 0;
      socklen_t len = sizeof error;
      if (rc == 1 && ::getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &error, &len) == 0 && error == 0) {
        rc = 0;
      } else {
        errno = rc == 0 ? ETIMEDOUT : (error != 0 ? error : errno);
        rc = -1;
      }
    }
    if (rc == 0) {
      std::swap(out->fd, s.fd);
      ::freeaddrinfo(found);
      return "";
    }
    why = "cannot connect to " + o.host + ":" + port + ": " + std::strerror(errno);
  }
  ::freeaddrinfo(found);
  return why;
}

// Writes all of `data` before `deadline`; false when the peer is gone or slow.
bool WriteAll(int fd, std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      pollfd p{fd, POLLOUT, 0};
      if (::poll(&p, 1, MillisUntil(deadline)) <= 0) return false;
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace

AmiClient::AmiClient(AmiClientOptions options, AmiClientCallbacks callbacks)
    : options_(std::move(options)), callbacks_(std::move(callbacks)) {
  if (::pipe2(wake_, O_NONBLOCK | O_CLOEXEC) != 0) wake_[0] = wake_[1] = -1;
}

AmiClient::~AmiClient() {
  Stop();
  for (int fd : wake_) {
    if (fd >= 0) ::close(fd);
  }
}

void AmiClient::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

void AmiClient::Stop() {
  stopping_ = true;
  if (wake_[1] >= 0) {
    const char byte = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_[1], &byte, 1);
  }
  if (thread_.joinable()) thread_.join();
}

bool AmiClient::SleepFor(milliseconds d) {
  const Clock::time_point until = Clock::now() + d;
  while (!stopping_) {
    const int left = MillisUntil(until);
    if (left == 0) return true;
    pollfd p{wake_[0], POLLIN, 0};
    ::poll(&p, 1, std::min(left, static_cast<int>(options_.tick.count())));
    if (callbacks_.on_tick) callbacks_.on_tick();
  }
  return false;
}

void AmiClient::Run() {
  std::mt19937 jitter(std::random_device{}());
  milliseconds backoff = options_.reconnect_initial;
  while (!stopping_) {
    const std::uint64_t logins_before = logins_.load();
    const std::string reason = Session();
    if (stopping_) break;
    if (callbacks_.on_connection) callbacks_.on_connection(false, reason);
    if (logins_.load() != logins_before) backoff = options_.reconnect_initial;
    // Up to 20% jitter, so many clients do not reconnect in step.
    std::uniform_int_distribution<long> spread(0, backoff.count() / 5);
    if (!SleepFor(backoff + milliseconds(spread(jitter)))) break;
    backoff = std::min(backoff * 2, options_.reconnect_max);
  }
}

std::string AmiClient::Session() {
  Socket socket;
  Clock::time_point deadline = Clock::now() + options_.connect_timeout;
  if (std::string why = Connect(options_, deadline, &socket); !why.empty()) return why;
  const std::string login = AmiAction({{"Action", "Login"},
                                       {"ActionID", kLoginId},
                                       {"Username", options_.username},
                                       {"Secret", options_.secret},
                                       {"Events", "on"}});
  if (login.empty()) return "the username or secret holds a line break";
  if (!WriteAll(socket.fd, login, deadline)) return "the server closed the connection at login";

  AmiReader reader;
  std::uint64_t garbage_seen = 0;
  enum class Phase { kLogin, kListing, kFollowing } phase = Phase::kLogin;
  std::vector<AmiMessage> channels;  // CoreShowChannel events of the listing
  std::vector<AmiMessage> held;      // events that arrived during the listing
  Clock::time_point last_heard = Clock::now();
  bool ping_sent = false;
  char buffer[16384];
  std::vector<AmiMessage> messages;
  while (!stopping_) {
    pollfd polls[2] = {{socket.fd, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    const int rc = ::poll(polls, 2, static_cast<int>(options_.tick.count()));
    if (callbacks_.on_tick) callbacks_.on_tick();
    if (stopping_) break;
    const Clock::time_point now = Clock::now();
    if (phase != Phase::kFollowing && now > deadline) {
      return phase == Phase::kLogin ? "no answer to the login in time"
                                    : "no complete channel listing in time";
    }
    if (phase == Phase::kFollowing && now - last_heard > options_.keepalive) {
      if (now - last_heard > 3 * options_.keepalive) return "the server went silent";
      if (!ping_sent) {
        ping_sent = true;
        if (!WriteAll(socket.fd, AmiAction({{"Action", "Ping"}, {"ActionID", kPingId}}),
                      now + options_.connect_timeout)) {
          return "the connection dropped";
        }
      }
    }
    if (rc <= 0 || (polls[0].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
    const ssize_t n = ::recv(socket.fd, buffer, sizeof buffer, 0);
    if (n == 0) return "the server closed the connection";
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
      return std::string("the connection dropped: ") + std::strerror(errno);
    }
    last_heard = now;
    ping_sent = false;
    messages.clear();
    reader.Feed(std::string_view(buffer, static_cast<std::size_t>(n)), &messages);
    garbage_ += reader.garbage_lines() - garbage_seen;
    garbage_seen = reader.garbage_lines();
    for (AmiMessage& m : messages) {
      const std::string_view action_id = m.Get("ActionID");
      if (phase == Phase::kLogin) {
        if (action_id != kLoginId || m.Response().empty()) continue;  // FullyBooted comes later
        if (m.Response() != "Success") {
          return "login refused: " + std::string(m.Get("Message").substr(0, 200));
        }
        ++logins_;
        phase = Phase::kListing;
        deadline = Clock::now() + options_.connect_timeout;
        if (!WriteAll(socket.fd, AmiAction({{"Action", "CoreShowChannels"}, {"ActionID", kListId}}),
                      deadline)) {
          return "the connection dropped after login";
        }
        if (callbacks_.on_connection) callbacks_.on_connection(true, "logged in");
        continue;
      }
      if (phase == Phase::kListing && action_id == kListId) {
        if (m.Event() == "CoreShowChannel") {
          channels.push_back(std::move(m));
        } else if (m.Event() == "CoreShowChannelsComplete" || m.Response() == "Error") {
          // An error answer (no permission) leaves nothing to reconcile with:
          // the calls we follow are kept as they are.
          if (m.Response() != "Error" && callbacks_.on_channels) callbacks_.on_channels(channels);
          phase = Phase::kFollowing;
          for (const AmiMessage& e : held) {
            if (callbacks_.on_event) callbacks_.on_event(e);
          }
          held.clear();
        }
        continue;
      }
      if (m.Event().empty()) continue;  // responses (Ping's Pong)
      if (phase == Phase::kListing) {
        held.push_back(std::move(m));
      } else if (callbacks_.on_event) {
        callbacks_.on_event(m);
      }
    }
  }
  return "stopping";
}

}  // namespace rexian::phone
