// WebSocket sessions over a real socket, checked with Beast's client: coalesced writes, pings, closes.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/server_fixture.h"

namespace rexian::testing {
namespace {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

// A Beast client whose every operation is bounded by a timeout: asynchronous
// operations run on the test thread with io_context::run_for.
class TimedClient {
 public:
  explicit TimedClient(std::uint16_t port) {
    ws_.next_layer().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    beast::error_code ec = Run([&](auto done) { ws_.async_handshake("127.0.0.1", "/ws", done); });
    REQUIRE_FALSE(ec);
    ws_.control_callback([this](websocket::frame_type kind, beast::string_view payload) {
      if (kind == websocket::frame_type::pong) pongs_.emplace_back(payload);
      if (kind == websocket::frame_type::ping) ++pings_;
    });
  }

  // The next message, or the error that ended the read.
  beast::error_code Read(std::string* text) {
    beast::flat_buffer buffer;
    beast::error_code ec =
        Run([&](auto done) { ws_.async_read(buffer, [done](beast::error_code e, std::size_t) { done(e); }); });
    *text = beast::buffers_to_string(buffer.data());
    return ec;
  }
  beast::error_code Write(const std::string& text) {
    return Run([&](auto done) {
      ws_.async_write(net::buffer(text), [done](beast::error_code e, std::size_t) { done(e); });
    });
  }
  beast::error_code Ping(const std::string& payload) {
    return Run([&](auto done) { ws_.async_ping(websocket::ping_data(payload), done); });
  }
  beast::error_code CloseWith(std::uint16_t code, const std::string& reason) {
    return Run([&](auto done) { ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(code), reason), done); });
  }

  websocket::stream<tcp::socket>& ws() { return ws_; }
  const std::vector<std::string>& pongs() const { return pongs_; }
  int pings() const { return pings_; }

 private:
  template <typename Start>
  beast::error_code Run(Start start) {
    bool finished = false;
    beast::error_code result;
    start([&](beast::error_code ec) {
      finished = true;
      result = ec;
    });
    io_.restart();
    io_.run_for(5s);
    if (!finished) {
      beast::error_code ignored;
      ws_.next_layer().close(ignored);  // cancels the operation
      io_.restart();
      io_.run();
      return net::error::timed_out;
    }
    return result;
  }

  net::io_context io_;
  websocket::stream<tcp::socket> ws_{io_};
  std::vector<std::string> pongs_;
  int pings_ = 0;
};

// What the server side of one connection saw.
struct ServerSide {
  std::mutex mutex;
  std::shared_ptr<WebSocketSession> session;
  std::vector<std::string> received;
  std::atomic<int> closes{0};
};

std::unique_ptr<HttpServer> StartWithRoute(std::shared_ptr<ServerSide> side,
                                           WebSocketLimits limits,
                                           std::function<void(WebSocketSession&)> on_open) {
  auto server = StartTestServer();
  server->RouteWebSocket("/ws", [side, limits, on_open](const HttpRequest&) {
    WebSocketAccept accept;
    accept.limits = limits;
    accept.on_open = [side, on_open](std::shared_ptr<WebSocketSession> session) {
      {
        std::lock_guard lock(side->mutex);
        side->session = session;
      }
      if (on_open) on_open(*session);
    };
    accept.on_message = [side](std::string_view text) {
      std::lock_guard lock(side->mutex);
      side->received.emplace_back(text);
    };
    accept.on_close = [side] { side->closes++; };
    return accept;
  });
  return server;
}

void WaitFor(const std::function<bool()>& condition) {
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!condition() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  REQUIRE(condition());
}

// Message i of the burst: sizes across the 7/16/64-bit length boundaries.
std::string BurstMessage(std::size_t i) {
  static const std::size_t sizes[] = {0, 1, 125, 126, 127, 65535, 65536, 70000, 10, 300};
  std::string text = std::to_string(i) + ":";
  text.resize(std::max(text.size(), sizes[i % 10]), static_cast<char>('a' + i % 26));
  return text;
}

TEST_CASE("messages sent in a burst arrive whole and in order, writes spaced by the linger",
          "[server]") {
  constexpr std::size_t kMessages = 60;
  auto side = std::make_shared<ServerSide>();
  WebSocketLimits limits;
  limits.write_coalesce = 150ms;
  auto server = StartWithRoute(side, limits, [](WebSocketSession& session) {
    for (std::size_t i = 0; i < kMessages; ++i) {
      auto text = std::make_shared<const std::string>(BurstMessage(i));
      REQUIRE(session.Send(text, i + 1) == WebSocketSession::SendResult::kQueued);
    }
  });
  TimedClient client(server->port());
  std::string text;
  for (std::size_t i = 0; i < kMessages; ++i) {
    REQUIRE_FALSE(client.Read(&text));
    REQUIRE(text == BurstMessage(i));
  }
  auto first_burst_read = std::chrono::steady_clock::now();
  std::shared_ptr<WebSocketSession> session;
  {
    std::lock_guard lock(side->mutex);
    session = side->session;
  }
  CHECK(session->last_started_tag() == kMessages);
  WaitFor([&] { return session->queued_messages() == 0 && session->queued_bytes() == 0; });
  // A message right after a write waits for the linger: one write per 150 ms at most.
  REQUIRE(session->Send(std::make_shared<const std::string>("second"), 61) ==
          WebSocketSession::SendResult::kQueued);
  REQUIRE_FALSE(client.Read(&text));
  CHECK(text == "second");
  CHECK(std::chrono::steady_clock::now() - first_burst_read >= 100ms);

  // A ping is answered at once, not after the linger.
  auto ping_sent = std::chrono::steady_clock::now();
  REQUIRE_FALSE(client.Ping("are you there"));
  auto late = std::make_shared<const std::string>("after the ping");
  REQUIRE(session->Send(late, 1000) == WebSocketSession::SendResult::kQueued);
  REQUIRE_FALSE(client.Read(&text));  // Beast handles the pong while reading
  CHECK(text == "after the ping");
  REQUIRE(client.pongs() == std::vector<std::string>{"are you there"});
  CHECK(session->last_started_tag() == 1000);

  // Messages from the client arrive; its close is echoed with its code and reason.
  REQUIRE_FALSE(client.Write("from the client"));
  REQUIRE_FALSE(client.CloseWith(4321, "bye"));
  CHECK(client.ws().reason().code == 4321);
  CHECK(std::string(client.ws().reason().reason.data(), client.ws().reason().reason.size()) == "bye");
  WaitFor([&] { return side->closes.load() == 1; });
  {
    std::lock_guard lock(side->mutex);
    CHECK(side->received == std::vector<std::string>{"from the client"});
  }
  CHECK(session->Send(late, 1001) == WebSocketSession::SendResult::kClosed);
  CHECK(std::chrono::steady_clock::now() - ping_sent < 2s);
  std::this_thread::sleep_for(50ms);
  CHECK(side->closes.load() == 1);  // exactly once
}

TEST_CASE("a server close drops the queue, writes the farewell and closes with the code",
          "[server]") {
  auto side = std::make_shared<ServerSide>();
  WebSocketLimits limits;
  limits.write_coalesce = 1000ms;
  limits.max_queued_messages = 3;
  auto server = StartWithRoute(side, limits, [](WebSocketSession& session) {
    session.Send(std::make_shared<const std::string>("welcome"), 0);
  });
  TimedClient client(server->port());
  std::string message;
  REQUIRE_FALSE(client.Read(&message));  // written at once: the writer was idle
  REQUIRE(message == "welcome");
  std::shared_ptr<WebSocketSession> session;
  {
    std::lock_guard lock(side->mutex);
    session = side->session;
  }
  // The client can read "welcome" before the server's write completion has
  // taken it off the queue: wait for that, or it would count against the 3.
  WaitFor([&] { return session->queued_messages() == 0; });
  // These wait for the linger (a write started just now).
  auto text = std::make_shared<const std::string>("queued");
  CHECK(session->Send(text, 1) == WebSocketSession::SendResult::kQueued);
  CHECK(session->Send(text, 2) == WebSocketSession::SendResult::kQueued);
  CHECK(session->Send(text, 3) == WebSocketSession::SendResult::kQueued);
  CHECK(session->Send(text, 4) == WebSocketSession::SendResult::kFull);
  session->Close(4000, "slow consumer",
                 [](std::uint64_t last) { return "farewell after " + std::to_string(last); });
  std::vector<std::string> messages;
  beast::error_code ec;
  while (!(ec = client.Read(&message))) messages.push_back(message);
  CHECK(ec == websocket::error::closed);
  CHECK(client.ws().reason().code == 4000);
  REQUIRE_FALSE(messages.empty());
  // Still lingering when Close came: nothing had started, so the queue was dropped.
  CHECK(messages.back() == "farewell after 0");
  WaitFor([&] { return side->closes.load() == 1; });
  CHECK(session->Send(text, 5) == WebSocketSession::SendResult::kClosed);
}

// Connects, completes the handshake and then never reads, with a small
// receive buffer: a peer that has stopped reading.
tcp::socket StalledPeer(net::io_context& io, std::uint16_t port) {
  tcp::socket socket(io);
  socket.open(tcp::v4());
  socket.set_option(net::socket_base::receive_buffer_size(4096));
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  const std::string upgrade =
      "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  net::write(socket, net::buffer(upgrade));
  std::string response;
  char c = 0;
  while (response.find("\r\n\r\n") == std::string::npos && response.size() < 4096) {
    net::read(socket, net::buffer(&c, 1));
    response.push_back(c);
  }
  REQUIRE(response.rfind("HTTP/1.1 101", 0) == 0);
  return socket;
}

// The SO_SNDBUF of the server's end of `peer`'s connection: the server runs
// in this process, so its socket is the one whose remote end is `peer`.
int ServerSendBuffer(const tcp::socket& peer) {
  const std::uint16_t peer_port = peer.local_endpoint().port();
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    const int fd = std::atoi(entry.path().filename().c_str());
    sockaddr_in address{};
    socklen_t length = sizeof address;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        address.sin_family != AF_INET || ntohs(address.sin_port) != peer_port) {
      continue;
    }
    int bytes = 0;
    socklen_t size = sizeof bytes;
    if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, &size) == 0) return bytes;
  }
  return -1;
}

// A session to a peer that stopped reading, after `count` 1 KiB messages:
// how many are still in its queue once its writes have stalled, and its
// socket's send buffer.
struct StalledOutcome {
  std::size_t queued = 0;
  int send_buffer = 0;
};

StalledOutcome SendToStalledPeer(std::size_t send_buffer_bytes, std::size_t count) {
  auto side = std::make_shared<ServerSide>();
  WebSocketLimits limits;
  limits.max_queued_messages = count + 1;
  limits.max_queued_bytes = 64u << 20;
  limits.socket_send_buffer_bytes = send_buffer_bytes;
  auto server = StartWithRoute(side, limits, nullptr);
  net::io_context io;
  tcp::socket peer = StalledPeer(io, server->port());
  WaitFor([&] {
    std::lock_guard lock(side->mutex);
    return side->session != nullptr;
  });
  std::shared_ptr<WebSocketSession> session;
  {
    std::lock_guard lock(side->mutex);
    session = side->session;
  }
  StalledOutcome outcome;
  outcome.send_buffer = ServerSendBuffer(peer);
  auto text = std::make_shared<const std::string>(1024, 'x');
  for (std::size_t i = 1; i <= count; ++i) {
    REQUIRE(session->Send(text, i) == WebSocketSession::SendResult::kQueued);
  }
  // The kernel takes what fits into the socket's buffers, then the writes stop.
  outcome.queued = session->queued_messages();
  for (int settled = 0; settled < 10;) {
    std::this_thread::sleep_for(20ms);
    const std::size_t now = session->queued_messages();
    settled = now == outcome.queued ? settled + 1 : 0;
    outcome.queued = now;
  }
  session->Close(1001, "test over");
  return outcome;
}

TEST_CASE("a capped send buffer makes a peer that stopped reading fill the queue",
          "[server]") {
  constexpr std::size_t kMessages = 3000;  // ~3 MiB: far more than the capped buffers hold
  const StalledOutcome capped = SendToStalledPeer(64 * 1024, kMessages);
  // Linux doubles SO_SNDBUF for its bookkeeping.
  CHECK(capped.send_buffer == 2 * 64 * 1024);
  // So at most ~130 KiB of messages (and the peer's 4 KiB window) left the queue.
  CHECK(capped.queued >= kMessages - 200);
  // Uncapped, the buffer is the kernel's to size (autotuning, tcp_wmem).
  const StalledOutcome autotuned = SendToStalledPeer(0, kMessages);
  CHECK(autotuned.send_buffer != 2 * 64 * 1024);
}

TEST_CASE("a message over the incoming limit is refused with 1009", "[server]") {
  auto side = std::make_shared<ServerSide>();
  WebSocketLimits limits;
  limits.max_incoming_message_bytes = 1000;
  auto server = StartWithRoute(side, limits, nullptr);
  TimedClient client(server->port());
  REQUIRE_FALSE(client.Write(std::string(1000, 'k')));  // exactly the limit: accepted
  client.Write(std::string(5000, 'x'));  // may fail once the server closes
  std::string message;
  beast::error_code ec = client.Read(&message);
  CHECK(ec == websocket::error::closed);
  CHECK(client.ws().reason().code == 1009);
  WaitFor([&] { return side->closes.load() == 1; });
  std::lock_guard lock(side->mutex);
  CHECK(side->received == std::vector<std::string>{std::string(1000, 'k')});
}

TEST_CASE("a silent peer is pinged, and disconnected after two silent intervals", "[server]") {
  WebSocketLimits limits;
  limits.ping_interval = 1s;
  // A peer that answers pings (Beast does while it reads) stays connected.
  auto answering = std::make_shared<ServerSide>();
  auto server = StartWithRoute(answering, limits, nullptr);
  TimedClient client(server->port());
  std::thread late_sender([&] {
    std::this_thread::sleep_for(2500ms);
    std::lock_guard lock(answering->mutex);
    answering->session->Send(std::make_shared<const std::string>("still here"), 1);
  });
  std::string text;
  beast::error_code ec = client.Read(&text);
  late_sender.join();
  REQUIRE_FALSE(ec);
  CHECK(text == "still here");
  CHECK(client.pings() >= 1);
  CHECK(answering->closes.load() == 0);

  // A peer that never reads nor writes is disconnected after 2 intervals.
  auto silent = std::make_shared<ServerSide>();
  auto silent_server = StartWithRoute(silent, limits, nullptr);
  TimedClient idle(silent_server->port());
  auto connected = std::chrono::steady_clock::now();
  WaitFor([&] { return silent->closes.load() == 1; });
  CHECK(std::chrono::steady_clock::now() - connected >= 1500ms);
}

}  // namespace
}  // namespace rexian::testing
