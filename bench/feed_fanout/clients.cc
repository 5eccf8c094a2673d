// FanoutClients over Beast's asynchronous WebSocket client, all sessions on one io_context thread.
#include "clients.h"

#include <sys/resource.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <charconv>
#include <memory>
#include <string_view>

namespace rexian::bench {
namespace {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The integer after `key` in `text`, or -1.
std::int64_t NumberAfter(std::string_view text, std::string_view key) {
  std::size_t at = text.find(key);
  if (at == std::string_view::npos) return -1;
  const char* begin = text.data() + at + key.size();
  std::int64_t value = -1;
  std::from_chars(begin, text.data() + text.size(), value);
  return value;
}

struct Shared {
  FanoutResult* result;
  unsigned pending_handshakes = 0;
  unsigned open = 0;
  std::function<void()> on_ready;
  bool ready_sent = false;
  net::io_context* io;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(net::io_context& io, Shared* shared, const FanoutClientOptions& options)
      : ws_(io), shared_(shared), options_(options) {}

  void Start() {
    tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), options_.port);
    ws_.next_layer().async_connect(endpoint, [self = shared_from_this()](beast::error_code ec) {
      self->OnConnect(ec);
    });
  }

 private:
  void OnConnect(beast::error_code ec) {
    if (ec) return HandshakeDone(false);
    ws_.next_layer().set_option(tcp::no_delay(true));
    ws_.set_option(websocket::stream_base::decorator(
        [token = options_.token](websocket::request_type& request) {
          request.set("Authorization", "Bearer " + token);
        }));
    ws_.async_handshake("127.0.0.1", options_.target,
                        [self = shared_from_this()](beast::error_code e) {
                          self->HandshakeDone(!e);
                          if (!e) self->DoRead();
                        });
  }

  void HandshakeDone(bool ok) {
    if (ok) {
      ++shared_->result->connected;
      ++shared_->open;
    }
    if (--shared_->pending_handshakes == 0 && !shared_->ready_sent) {
      shared_->ready_sent = true;
      shared_->on_ready();
    }
  }

  void DoRead() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->OnRead(ec);
    });
  }

  void OnRead(beast::error_code ec) {
    if (ec) {
      if (!finished_) ++shared_->result->closed_early;
      return Closed();
    }
    std::string_view text(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    if (text.substr(0, 16) == R"({"type":"event",)") OnEvent(text);
    buffer_.consume(buffer_.size());
    if (finished_) {
      ws_.async_close(websocket::close_code::normal,
                      [self = shared_from_this()](beast::error_code) { self->Closed(); });
      return;
    }
    DoRead();
  }

  void OnEvent(std::string_view text) {
    const std::int64_t now = NowMicros();
    FanoutResult& r = *shared_->result;
    ++r.events;
    std::int64_t position = NumberAfter(text, R"("position":)");
    if (last_position_ != 0 && position != last_position_ + 1) ++r.gaps;
    last_position_ = position;
    std::size_t at = text.find(R"("channel_message_id":"bench-)");
    if (at == std::string_view::npos) return;
    char phase = text[at + 28];
    if (phase == 'E') {
      finished_ = true;
      ++r.finished;
      return;
    }
    std::int64_t appended = -1;
    std::string_view rest = text.substr(at + 30);
    std::from_chars(rest.data(), rest.data() + rest.size(), appended);
    std::int64_t recorded = NumberAfter(text, R"("recorded_at_us":)");
    PhaseSamples& samples = r.phase[phase == 'B' ? 1 : 0];
    if (appended > 0) samples.from_append.push_back(static_cast<std::uint32_t>(std::max<std::int64_t>(0, now - appended)));
    if (recorded > 0) samples.from_record.push_back(static_cast<std::uint32_t>(std::max<std::int64_t>(0, now - recorded)));
  }

  void Closed() {
    if (closed_) return;
    closed_ = true;
    if (--shared_->open == 0) shared_->io->stop();
  }

  websocket::stream<tcp::socket> ws_;
  Shared* shared_;
  const FanoutClientOptions& options_;
  beast::flat_buffer buffer_;
  std::int64_t last_position_ = 0;
  bool finished_ = false;
  bool closed_ = false;
};

}  // namespace

FanoutResult RunFanoutClients(const FanoutClientOptions& options,
                              const std::function<void()>& on_ready) {
  FanoutResult result;
  net::io_context io(1);
  Shared shared{&result, options.clients, 0, on_ready, false, &io};
  auto started = std::chrono::steady_clock::now();
  // Connect in waves of 100 so the listen backlog is never the bottleneck.
  std::vector<std::shared_ptr<Session>> sessions;
  sessions.reserve(options.clients);
  net::steady_timer wave_timer(io);
  unsigned launched = 0;
  std::function<void()> launch_wave = [&] {
    for (unsigned i = 0; i < 100 && launched < options.clients; ++i, ++launched) {
      sessions.push_back(std::make_shared<Session>(io, &shared, options));
      sessions.back()->Start();
    }
    if (launched < options.clients) {
      wave_timer.expires_after(std::chrono::milliseconds(20));
      wave_timer.async_wait([&](beast::error_code) { launch_wave(); });
    }
  };
  launch_wave();
  net::steady_timer deadline(io);
  deadline.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(options.end_timeout_seconds)));
  deadline.async_wait([&](beast::error_code ec) {
    if (!ec) io.stop();
  });
  io.run();
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
