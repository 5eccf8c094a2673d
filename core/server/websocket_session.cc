// WebSocketSession over Beast: one upgraded connection, its bounded send queue and its close.
//
// The one translation unit that includes Beast's WebSocket implementation
// (~40 s of CPU at -O2); keep Beast types from leaking out of it. Modelled
// on Beast's websocket_session: a strand per connection, one async_write in
// flight, the rest queued; unlike the example the queue is bounded (bytes
// and messages) and Send never blocks, so a slow peer costs its writers
// nothing but a kFull answer.
#include "server/websocket_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <deque>
#include <exception>
#include <mutex>
#include <utility>

namespace rexian {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

// RFC 6455 5.5: a control frame's payload is at most 125 bytes, 2 of them the code.
constexpr std::size_t kMaxCloseReasonBytes = 123;

class BeastWebSocketSession : public Connection,
                              public WebSocketSession,
                              public std::enable_shared_from_this<BeastWebSocketSession> {
 public:
  BeastWebSocketSession(tcp::socket socket, std::shared_ptr<ServerState> state,
                        WebSocketAccept accept, std::string remote_address)
      : state_(std::move(state)),
        accept_(std::move(accept)),
        remote_address_(std::move(remote_address)),
        ws_(std::move(socket)),
        close_timer_(ws_.get_executor()) {}

  void Run(http::request<http::string_body> request) {
    request_ = std::move(request);
    net::dispatch(ws_.get_executor(), [self = shared_from_this()] { self->DoAccept(); });
  }

  // ---- WebSocketSession

  SendResult Send(std::shared_ptr<const std::string> text, std::uint64_t tag) override {
    std::lock_guard lock(mutex_);
    if (close_requested_) return SendResult::kClosed;
    const WebSocketLimits& limits = accept_.limits;
    if (queued_messages_ > 0 && (queued_messages_ + 1 > limits.max_queued_messages ||
                                 queued_bytes_ + text->size() > limits.max_queued_bytes)) {
      return SendResult::kFull;
    }
    EnqueueLocked(std::move(text), tag);
    return SendResult::kQueued;
  }

  void Close(int code, std::string reason,
             std::function<std::string(std::uint64_t)> farewell) override {
    {
      std::lock_guard lock(mutex_);
      if (close_requested_) return;
      close_requested_ = true;
      // Drop what nobody started writing; the message in flight (if any) stays counted.
      std::size_t in_flight = in_flight_.text ? 1 : 0;
      while (pending_.size() > 0) {
        queued_bytes_ -= pending_.back().text->size();
        pending_.pop_back();
      }
      queued_messages_ = in_flight;
      if (reason.size() > kMaxCloseReasonBytes) reason.resize(kMaxCloseReasonBytes);
      close_code_ = static_cast<std::uint16_t>(std::clamp(code, 1000, 4999));
      close_reason_ = std::move(reason);
    }
    net::post(ws_.get_executor(),
              [self = shared_from_this(), farewell = std::move(farewell)]() mutable {
                self->OnCloseRequested(std::move(farewell));
              });
  }

  std::size_t queued_messages() const override {
    std::lock_guard lock(mutex_);
    return queued_messages_;
  }
  std::size_t queued_bytes() const override {
    std::lock_guard lock(mutex_);
    return queued_bytes_;
  }
  std::uint64_t last_started_tag() const override { return last_started_tag_.load(); }
  const std::string& remote_address() const override { return remote_address_; }

  // Closes the connection without a handshake (the registry refused it).
  void Abort() {
    net::dispatch(ws_.get_executor(), [self = shared_from_this()] { self->Finish(); });
  }

  // ---- Connection

  void BeginShutdown() override { Close(1001, "server shutting down", {}); }

 private:
  struct Outgoing {
    std::shared_ptr<const std::string> text;
    std::uint64_t tag;
  };

  // REQUIRES: mutex_ held.
  void EnqueueLocked(std::shared_ptr<const std::string> text, std::uint64_t tag) {
    queued_bytes_ += text->size();
    ++queued_messages_;
    pending_.push_back({std::move(text), tag});
    if (!writing_) {
      writing_ = true;
      net::post(ws_.get_executor(), [self = shared_from_this()] { self->DoWrite(); });
    }
  }

  void DoAccept() {
    beast::get_lowest_layer(ws_).expires_never();  // the websocket timeouts take over
    // A feed writes small messages and the peer rarely answers: with Nagle's
    // algorithm each would wait for the peer's delayed ACK (40-200 ms).
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true), ignored);
    websocket::stream_base::timeout timeout;
    timeout.handshake_timeout = accept_.limits.close_timeout;
    timeout.idle_timeout = accept_.limits.ping_interval * 2;
    timeout.keep_alive_pings = true;
    ws_.set_option(timeout);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& response) { response.set(http::field::server, "rexian"); }));
    ws_.read_message_max(accept_.limits.max_incoming_message_bytes);
    ws_.auto_fragment(false);
    ws_.async_accept(request_, beast::bind_front_handler(&BeastWebSocketSession::OnAccept,
                                                         shared_from_this()));
  }

  void OnAccept(beast::error_code ec) {
    request_ = {};
    if (ec) return Finish();
    opened_ = true;
    if (accept_.on_open) Invoke([&] { accept_.on_open(shared_from_this()); });
    DoRead();
  }

  void DoRead() {
    if (finished_) return;
    ws_.async_read(read_buffer_, beast::bind_front_handler(&BeastWebSocketSession::OnRead,
                                                           shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec) return Finish();
    if (accept_.on_message) {
      std::string_view text(static_cast<const char*>(read_buffer_.data().data()),
                            read_buffer_.size());
      Invoke([&] { accept_.on_message(text); });
    }
    read_buffer_.consume(read_buffer_.size());
    DoRead();
  }

  // Writes the next queued message, or starts the close once the queue ran dry
  // after a Close. On the strand.
  void DoWrite() {
    if (finished_) return;
    {
      std::lock_guard lock(mutex_);
      if (pending_.empty()) {
        writing_ = false;
        if (close_requested_ && farewell_done_) StartCloseHandshake();
        return;
      }
      in_flight_ = std::move(pending_.front());
      pending_.pop_front();
      std::uint64_t previous = last_started_tag_.load();
      if (in_flight_.tag > previous) last_started_tag_.store(in_flight_.tag);
    }
    if (!opened_) return;  // handshake failed meanwhile; Finish cleans up
    ws_.text(true);
    ws_.async_write(net::buffer(*in_flight_.text),
                    beast::bind_front_handler(&BeastWebSocketSession::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, std::size_t) {
    {
      std::lock_guard lock(mutex_);
      queued_bytes_ -= in_flight_.text->size();
      --queued_messages_;
      in_flight_ = {};
    }
    if (ec) return Finish();
    DoWrite();
  }

  void OnCloseRequested(std::function<std::string(std::uint64_t)> farewell) {
    if (finished_) return;
    close_timer_.expires_after(accept_.limits.close_timeout);
    close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->Finish();  // the peer neither read the farewell nor closed
    });
    std::lock_guard lock(mutex_);
    farewell_done_ = true;
    if (farewell) {
      auto text = std::make_shared<const std::string>(farewell(last_started_tag_.load()));
      queued_bytes_ += text->size();
      ++queued_messages_;
      pending_.push_back({std::move(text), 0});
      if (!writing_) {
        writing_ = true;
        net::post(ws_.get_executor(), [self = shared_from_this()] { self->DoWrite(); });
      }
    } else if (!writing_) {
      StartCloseHandshake();
    }
  }

  // REQUIRES: on the strand, mutex_ held, nothing being written.
  void StartCloseHandshake() {
    if (close_started_ || finished_) return;
    close_started_ = true;
    if (!opened_) {
      net::post(ws_.get_executor(), [self = shared_from_this()] { self->Finish(); });
      return;
    }
    ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(close_code_), close_reason_),
                    [self = shared_from_this()](beast::error_code) { self->Finish(); });
  }

  // Ends the connection for good: closes the socket, leaves the registry and
  // runs on_close once. On the strand; idempotent.
  void Finish() {
    if (finished_) return;
    finished_ = true;
    close_timer_.cancel();
    {
      std::lock_guard lock(mutex_);
      close_requested_ = true;
      pending_.clear();
    }
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).close();
    if (accept_.on_close) Invoke([&] { accept_.on_close(); });
    // The callbacks may hold whoever holds this session: break the cycle.
    accept_.on_open = nullptr;
    accept_.on_message = nullptr;
    accept_.on_close = nullptr;
    if (registered_) state_->connections.Remove(this);
  }

  // Runs a route callback; an exception escaping it closes the connection.
  template <typename F>
  void Invoke(F&& callback) {
    try {
      callback();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "rexian websocket: callback threw: %s\n", e.what());
      Close(1011, "internal error", {});
    } catch (...) {
      std::fprintf(stderr, "rexian websocket: callback threw\n");
      Close(1011, "internal error", {});
    }
  }

 public:
  bool registered_ = false;

 private:
  std::shared_ptr<ServerState> state_;
  WebSocketAccept accept_;
  std::string remote_address_;
  websocket::stream<beast::tcp_stream> ws_;
  net::steady_timer close_timer_;
  http::request<http::string_body> request_;
  beast::flat_buffer read_buffer_;

  // Strand-only state.
  bool opened_ = false;
  bool finished_ = false;
  bool close_started_ = false;
  bool farewell_done_ = false;  // OnCloseRequested ran: the close may start once idle

  // Shared with Send/Close callers on other threads.
  mutable std::mutex mutex_;
  std::deque<Outgoing> pending_;
  Outgoing in_flight_;
  bool writing_ = false;  // a DoWrite is posted or a write is in flight
  bool close_requested_ = false;
  std::size_t queued_messages_ = 0;  // pending_ plus the one in flight
  std::size_t queued_bytes_ = 0;
  std::uint16_t close_code_ = 1000;
  std::string close_reason_;
  std::atomic<std::uint64_t> last_started_tag_{0};
};

}  // namespace

void StartWebSocketSession(tcp::socket socket, http::request<http::string_body> request,
                           std::shared_ptr<ServerState> state, WebSocketAccept accept,
                           std::string remote_address) {
  auto session = std::make_shared<BeastWebSocketSession>(std::move(socket), state,
                                                         std::move(accept), std::move(remote_address));
  if (!state->connections.Add(session, state->options.max_connections)) {
    session->Abort();
    return;
  }
  session->registered_ = true;
  session->Run(std::move(request));
}

}  // namespace rexian
