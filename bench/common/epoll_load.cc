// The epoll generator: every connection on one thread, so the generator takes little of the CPU it shares with the server.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "common/http_answer.h"
#include "common/load_generator.h"

namespace rexian::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kStallMillis = 60'000;  // no answer on any connection this long: fail

// One keep-alive connection and the job it is working through.
struct Connection {
  int fd = -1;
  std::unique_ptr<LoadJob> job;  // null: retired
  LoadRequest request;
  std::size_t out_sent = 0;
  bool watching_out = false;  // registered for EPOLLOUT
  std::string in;
  Clock::time_point sent_at;
};

class EpollLoad {
 public:
  explicit EpollLoad(const LoadPlan& plan)
      : plan_(plan), connections_(plan.connections) {
    result_.latencies_ns.resize(plan.workload->KindNames().size());
    const std::size_t expected = plan.jobs != 0 ? plan.jobs : 100'000;
    for (auto& v : result_.latencies_ns) v.reserve(expected);
  }
  ~EpollLoad() {
    for (Connection& c : connections_) {
      if (c.fd >= 0) ::close(c.fd);
    }
    if (epoll_ >= 0) ::close(epoll_);
  }

  LoadResult Run() {
    start_ = Clock::now();
    if (Connect()) {
      for (Connection& c : connections_) StartJob(c);
      Loop();
    }
    result_.wall_seconds = std::chrono::duration<double>(Clock::now() - start_).count();
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

  bool MayStartJob() const {
    if (plan_.jobs != 0 && next_job_ >= plan_.jobs) return false;
    return plan_.duration.count() == 0 || Clock::now() - start_ < plan_.duration;
  }

  // Takes the next job, or retires the connection when none is left.
  void StartJob(Connection& c) {
    c.job.reset();
    if (!MayStartJob()) return;
    c.job = plan_.workload->MakeJob(next_job_++);
    ++active_;
    SendNext(c);
  }

  void EndJob(Connection& c, bool completed) {
    if (completed) ++result_.jobs_completed;
    --active_;
    StartJob(c);
  }

  void SendNext(Connection& c) {
    std::optional<LoadRequest> next = c.job->Next();
    if (!next) {
      EndJob(c, true);
      return;
    }
    c.request = std::move(*next);
    c.out_sent = 0;
    c.sent_at = Clock::now();
    Flush(c);
  }

  // Writes what the socket takes; waits for EPOLLOUT for the rest.
  void Flush(Connection& c) {
    const std::string& out = c.request.bytes;
    while (c.out_sent < out.size()) {
      ssize_t n = ::send(c.fd, out.data() + c.out_sent, out.size() - c.out_sent, MSG_NOSIGNAL);
      if (n > 0) {
        c.out_sent += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        Watch(c, EPOLLIN | EPOLLOUT);
        return;
      }
      Fail(c.request.what + ": send: " + std::strerror(errno));
      return;
    }
    Watch(c, EPOLLIN);
  }

  // Changes the registration only when it differs, saving a system call per request.
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
      Fail(c.request.what + ": " +
           (n == 0 ? std::string("the server closed the connection") : std::strerror(errno)));
      return;
    }
    HttpAnswer answer;
    std::string error;
    if (!ParseHttpAnswer(c.in, &answer, &error)) {
      if (!error.empty()) Fail(c.request.what + ": " + error);
      return;
    }
    const auto now = Clock::now();
    if (c.job == nullptr || c.out_sent < c.request.bytes.size() || answer.size != c.in.size()) {
      Fail("an answer the generator did not ask for on connection " +
           std::to_string(&c - connections_.data()));
      return;
    }
    AnswerCheck check = c.job->Check(answer.status, answer.body);
    c.in.clear();
    switch (check.verdict) {
      case Verdict::kFatal:
        Fail(std::move(check.message));
        return;
      case Verdict::kRefused:
        if (result_.refused_by_status[answer.status]++ == 0) {
          result_.refused_example[answer.status] = std::move(check.message);
        }
        EndJob(c, false);
        return;
      case Verdict::kAccepted:
        ++result_.accepted;
        result_.latencies_ns[static_cast<std::size_t>(c.request.kind)].push_back(
            static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(now - c.sent_at).count()));
        SendNext(c);
        return;
    }
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
  Clock::time_point start_;
  std::uint64_t next_job_ = 0;
  unsigned active_ = 0;  // connections with a job under way
  LoadResult result_;
};

}  // namespace

LoadResult RunEpollLoad(const LoadPlan& plan) { return EpollLoad(plan).Run(); }

}  // namespace rexian::bench
