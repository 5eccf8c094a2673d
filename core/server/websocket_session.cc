// WebSocketSession over a raw socket: handshake, RFC 6455 frames, a bounded coalescing send queue.
//
// After the upgrade request the session owns the TCP socket: it answers the
// handshake itself (server/websocket_handshake.h), parses the peer's frames
// (server/websocket_frame.h) and writes every frame through one writer, so a
// data frame, a pong, a ping and the close frame never interleave. The writer
// gathers every frame queued at that moment into one async_write (one writev
// per 64 buffers), and starts at most one write of messages per
// WebSocketLimits::write_coalesce: at hundreds of small messages per second
// per client that turns one system call per message into one per batch. Modelled on Beast's
// websocket_session (a strand per connection, one write in flight); unlike
// it the queue is bounded (bytes and messages) and Send never blocks, so a
// slow peer costs its writers nothing but a kFull answer.
#include "server/websocket_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <algorithm>
#include <climits>
#include <array>
#include <atomic>
#include <cstdio>
#include <exception>
#include <mutex>
#include <utility>
#include <vector>

#include "server/websocket_frame.h"
#include "server/websocket_handshake.h"

namespace rexian {
namespace {

namespace http = boost::beast::http;
namespace net = boost::asio;
namespace ws = rexian::websocket;
using tcp = boost::asio::ip::tcp;
using error_code = boost::system::error_code;

constexpr std::size_t kReadChunkBytes = 16 * 1024;

class CoalescingWebSocketSession : public Connection,
                                   public WebSocketSession,
                                   public std::enable_shared_from_this<CoalescingWebSocketSession> {
 public:
  CoalescingWebSocketSession(tcp::socket socket, std::shared_ptr<ServerState> state,
                             WebSocketAccept accept, std::string remote_address)
      : state_(std::move(state)),
        accept_(std::move(accept)),
        remote_address_(std::move(remote_address)),
        socket_(std::move(socket)),
        close_timer_(socket_.get_executor()),
        ping_timer_(socket_.get_executor()),
        linger_timer_(socket_.get_executor()),
        parser_(ws::FrameParser::Peer::kClient, accept_.limits.max_incoming_message_bytes) {}

  void Run(http::request<http::string_body> request) {
    net::dispatch(socket_.get_executor(),
                  [self = shared_from_this(), request = std::move(request)] {
                    self->DoHandshake(request);
                  });
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
    queued_bytes_ += text->size();
    ++queued_messages_;
    pending_.push_back({std::move(text), tag});
    if (!writer_armed_) {
      writer_armed_ = true;
      net::post(socket_.get_executor(), [self = shared_from_this()] { self->ArmWriter(); });
    }
    return SendResult::kQueued;
  }

  void Close(int code, std::string reason,
             std::function<std::string(std::uint64_t)> farewell) override {
    {
      std::lock_guard lock(mutex_);
      if (close_requested_) return;
      close_requested_ = true;
      DropPendingLocked();
      close_code_ = static_cast<std::uint16_t>(std::clamp(code, 1000, 4999));
      close_reason_ = std::move(reason);
      if (close_reason_.size() > ws::kMaxCloseReasonBytes) {
        close_reason_.resize(ws::kMaxCloseReasonBytes);
      }
    }
    net::post(socket_.get_executor(),
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
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->Finish(); });
  }

  // ---- Connection

  void BeginShutdown() override { Close(1001, "server shutting down", {}); }

  bool registered_ = false;

 private:
  struct Outgoing {
    std::shared_ptr<const std::string> text;
    std::uint64_t tag = 0;
  };

  // REQUIRES: mutex_ held. Drops what nobody started writing; the batch in
  // flight stays counted until its write completes.
  void DropPendingLocked() {
    for (const Outgoing& message : pending_) queued_bytes_ -= message.text->size();
    queued_messages_ -= pending_.size();
    pending_.clear();
  }

  // ---- handshake

  void DoHandshake(const http::request<http::string_body>& request) {
    if (finished_) return;
    bool accepted = false;
    handshake_response_ = ws::HandshakeResponse(request[http::field::sec_websocket_version],
                                                request[http::field::sec_websocket_key], &accepted);
    // A feed writes small messages and the peer rarely answers: with Nagle's
    // algorithm each would wait for the peer's delayed ACK (40-200 ms).
    error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    if (accept_.limits.socket_send_buffer_bytes > 0) {
      const std::size_t bytes = std::min<std::size_t>(accept_.limits.socket_send_buffer_bytes, INT_MAX / 2);
      socket_.set_option(net::socket_base::send_buffer_size(static_cast<int>(bytes)), ignored);
    }
    close_timer_.expires_after(accept_.limits.close_timeout);
    close_timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (!ec && !self->opened_) self->Finish();  // the peer did not take the 101
    });
    net::async_write(socket_, net::buffer(handshake_response_),
                     [self = shared_from_this(), accepted](error_code ec, std::size_t) {
                       self->OnHandshakeWritten(ec, accepted);
                     });
  }

  void OnHandshakeWritten(error_code ec, bool accepted) {
    handshake_response_ = {};
    if (ec || !accepted || finished_) return Finish();
    if (!close_timer_armed_) close_timer_.cancel();  // else a Close came first: keep its timeout
    opened_ = true;
    if (accept_.on_open) Invoke([&] { accept_.on_open(shared_from_this()); });
    ArmPingTimer();
    DoRead();
    // A Close before the handshake ended, or messages queued before it did
    // (their ArmWriter found the session not yet open).
    if (flush_now_) return WriteNext();
    ArmWriter();
  }

  // ---- reading

  void DoRead() {
    if (finished_) return;
    socket_.async_read_some(net::buffer(read_chunk_),
                            [self = shared_from_this()](error_code ec, std::size_t n) {
                              self->OnRead(ec, n);
                            });
  }

  void OnRead(error_code ec, std::size_t bytes) {
    if (finished_) return;
    if (ec) return Finish();  // EOF or reset: nothing more can be said
    silent_ticks_ = 0;
    if (draining_) return DoRead();  // after a protocol error: discard until the peer's EOF
    parser_.Append(std::string_view(read_chunk_.data(), bytes));
    ws::ParsedItem item;
    for (;;) {
      ws::FrameParser::Step step = parser_.Next(&item);
      if (step == ws::FrameParser::Step::kNeedMore) break;
      if (step == ws::FrameParser::Step::kFailed) {
        FailProtocol(parser_.failure_code(), parser_.failure_reason());
        return DoRead();
      }
      switch (item.kind) {
        case ws::ParsedItem::Kind::kMessage:
          if (accept_.on_message && !close_frame_sent_) {
            Invoke([&] { accept_.on_message(item.payload); });
          }
          break;
        case ws::ParsedItem::Kind::kPing:
          if (!close_frame_queued_) {
            QueueControl(ws::EncodeFrame(ws::Opcode::kPong, item.payload));
          }
          break;
        case ws::ParsedItem::Kind::kPong:
          break;
        case ws::ParsedItem::Kind::kClose:
          OnPeerClose(item.close_code, item.payload);
          if (finished_) return;
          break;
      }
      if (finished_) return;
    }
    DoRead();
  }

  // The peer sent a close frame: echo it (RFC 6455 5.5.1) unless ours went
  // out already, then end the connection.
  void OnPeerClose(std::uint16_t code, std::string_view reason) {
    peer_closed_ = true;
    if (close_frame_queued_) {
      if (close_frame_sent_) Finish();  // the closing handshake is complete
      return;
    }
    {
      std::lock_guard lock(mutex_);
      close_requested_ = true;
      DropPendingLocked();
    }
    ArmCloseTimer();
    QueueClose(ws::EncodeCloseFrame(code, reason));
  }

  // The peer broke the protocol: close with `code`, then discard its bytes.
  void FailProtocol(std::uint16_t code, const std::string& reason) {
    draining_ = true;
    if (close_frame_queued_) return;
    {
      std::lock_guard lock(mutex_);
      close_requested_ = true;
      DropPendingLocked();
    }
    ArmCloseTimer();
    QueueClose(ws::EncodeCloseFrame(code, reason));
  }

  // ---- keep-alive

  // Every ping_interval: a peer silent for one interval gets a ping, one
  // silent for two is disconnected.
  void ArmPingTimer() {
    if (accept_.limits.ping_interval.count() <= 0) return;
    ping_timer_.expires_after(accept_.limits.ping_interval);
    ping_timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (ec || self->finished_) return;
      if (++self->silent_ticks_ >= 2) return self->Finish();
      if (self->silent_ticks_ == 1 && !self->close_frame_queued_) {
        self->QueueControl(ws::EncodeFrame(ws::Opcode::kPing, {}));
      }
      self->ArmPingTimer();
    });
  }

  // ---- writing

  // After a Send found the writer idle: write now if the last write started
  // at least write_coalesce ago, else when it is that old, so the messages
  // arriving meanwhile share the write. A client writes at most once per
  // write_coalesce, and a message after a quiet spell does not wait at all.
  // On the strand.
  void ArmWriter() {
    if (finished_ || write_in_flight_) return;
    const auto due = last_write_started_ + accept_.limits.write_coalesce;
    if (accept_.limits.write_coalesce.count() > 0 && !flush_now_ &&
        std::chrono::steady_clock::now() < due) {
      linger_timer_.expires_at(due);
      // Cancelled (re-armed, or a control frame or Close wrote at once, or
      // Finish): whoever cancelled it took over the queue.
      linger_timer_.async_wait([self = shared_from_this()](error_code ec) {
        if (!ec && !self->write_in_flight_) self->WriteNext();
      });
      return;
    }
    WriteNext();
  }

  // Queues a control frame (pong, ping) and writes it without lingering.
  void QueueControl(std::string frame) {
    controls_.push_back(std::move(frame));
    if (!write_in_flight_) WriteNext();
  }

  void QueueClose(std::string frame) {
    close_frame_queued_ = true;
    QueueControl(std::move(frame));
  }

  // Starts one write of every control frame and every queued message, or
  // the close frame once a requested close has nothing left to write.
  // On the strand, no write in flight.
  void WriteNext() {
    if (finished_ || !opened_ || close_frame_sent_) return;
    {
      std::lock_guard lock(mutex_);
      if (!close_frame_queued_) {
        batch_.swap(pending_);  // pending_ takes batch_'s empty, reserved storage
        pending_.clear();
      }
      if (batch_.empty() && controls_.empty()) {
        if (close_requested_ && farewell_done_ && !close_frame_queued_) {
          close_frame_queued_ = true;
          controls_.push_back(ws::EncodeCloseFrame(close_code_, close_reason_));
        } else {
          writer_armed_ = false;
          return;
        }
      }
      writer_armed_ = true;
      std::uint64_t largest = last_started_tag_.load();
      for (const Outgoing& message : batch_) largest = std::max(largest, message.tag);
      last_started_tag_.store(largest);
    }
    buffers_.clear();
    headers_.resize(batch_.size());
    writing_close_ = close_frame_queued_;
    writing_controls_.swap(controls_);
    controls_.clear();
    // Control frames first: nothing is half-written between two writes. A
    // close frame is only ever queued with no data left, so it goes last.
    for (const std::string& frame : writing_controls_) buffers_.emplace_back(net::buffer(frame));
    for (std::size_t i = 0; i < batch_.size(); ++i) {
      const std::string& text = *batch_[i].text;
      std::size_t header_bytes = ws::EncodeFrameHeader(ws::Opcode::kText, text.size(),
                                                       headers_[i].data());
      buffers_.emplace_back(headers_[i].data(), header_bytes);
      buffers_.emplace_back(net::buffer(text));
    }
    write_in_flight_ = true;
    if (!batch_.empty()) last_write_started_ = std::chrono::steady_clock::now();
    net::async_write(socket_, buffers_, [self = shared_from_this()](error_code ec, std::size_t) {
      self->OnWritten(ec);
    });
  }

  void OnWritten(error_code ec) {
    write_in_flight_ = false;
    bool more = false;
    {
      std::lock_guard lock(mutex_);
      for (const Outgoing& message : batch_) queued_bytes_ -= message.text->size();
      queued_messages_ -= batch_.size();
      more = !pending_.empty();
    }
    batch_.clear();
    writing_controls_.clear();
    if (ec || finished_) return Finish();
    if (writing_close_) {
      close_frame_sent_ = true;
      error_code ignored;
      if (peer_closed_ || draining_) {
        // We echoed the peer's close, or gave up on a broken peer: the server
        // closes the TCP connection first (RFC 6455 7.1.1).
        socket_.shutdown(tcp::socket::shutdown_send, ignored);
        if (peer_closed_) return Finish();
      }
      return;  // wait for the peer's close (or EOF) until the close timer fires
    }
    if (!controls_.empty() || close_frame_queued_) return WriteNext();
    if (more) return ArmWriter();
    WriteNext();  // goes idle, or starts the close once a Close has nothing left
  }

  void ArmCloseTimer() {
    if (close_timer_armed_) return;
    close_timer_armed_ = true;
    close_timer_.expires_after(accept_.limits.close_timeout);
    close_timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (!ec) self->Finish();  // the peer neither read the farewell nor closed
    });
  }

  void OnCloseRequested(std::function<std::string(std::uint64_t)> farewell) {
    if (finished_) return;
    ArmCloseTimer();
    {
      std::lock_guard lock(mutex_);
      farewell_done_ = true;
      if (farewell && !close_frame_queued_) {
        auto text = std::make_shared<const std::string>(farewell(last_started_tag_.load()));
        queued_bytes_ += text->size();
        ++queued_messages_;
        pending_.push_back({std::move(text), 0});
      }
    }
    flush_now_ = true;
    if (!opened_) {
      if (!handshake_response_.empty()) return;  // OnHandshakeWritten writes once open
      return Finish();
    }
    if (!write_in_flight_) WriteNext();
  }

  // Ends the connection for good: closes the socket, leaves the registry and
  // runs on_close once. On the strand; idempotent.
  void Finish() {
    if (finished_) return;
    finished_ = true;
    close_timer_.cancel();
    ping_timer_.cancel();
    linger_timer_.cancel();
    {
      std::lock_guard lock(mutex_);
      close_requested_ = true;
      DropPendingLocked();
    }
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
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

  std::shared_ptr<ServerState> state_;
  WebSocketAccept accept_;
  std::string remote_address_;
  tcp::socket socket_;
  net::steady_timer close_timer_;   // handshake, then the closing handshake
  net::steady_timer ping_timer_;
  net::steady_timer linger_timer_;  // write_coalesce
  ws::FrameParser parser_;
  std::array<char, kReadChunkBytes> read_chunk_{};
  std::string handshake_response_;

  // Strand-only state.
  bool opened_ = false;
  bool finished_ = false;
  bool draining_ = false;            // a protocol error: incoming bytes are discarded
  bool peer_closed_ = false;         // the peer's close frame arrived
  bool close_frame_queued_ = false;  // ours (or the echo) is queued or written
  bool close_frame_sent_ = false;
  bool close_timer_armed_ = false;
  bool flush_now_ = false;           // closing: no more lingering
  bool write_in_flight_ = false;
  bool writing_close_ = false;       // the write in flight carries the close frame
  int silent_ticks_ = 0;             // ping intervals without a byte from the peer
  std::chrono::steady_clock::time_point last_write_started_;  // of a write with messages
  std::vector<std::string> controls_;          // control frames waiting for the writer
  std::vector<std::string> writing_controls_;  // control frames of the write in flight
  std::vector<Outgoing> batch_;                // messages of the write in flight
  std::vector<std::array<std::uint8_t, ws::kMaxServerHeaderBytes>> headers_;
  std::vector<net::const_buffer> buffers_;

  // Shared with Send/Close callers on other threads.
  mutable std::mutex mutex_;
  std::vector<Outgoing> pending_;
  bool writer_armed_ = false;  // a write is posted, lingering or in flight
  bool close_requested_ = false;
  bool farewell_done_ = false;  // OnCloseRequested ran: the close may start once idle
  std::size_t queued_messages_ = 0;  // pending_ plus the batch in flight
  std::size_t queued_bytes_ = 0;
  std::uint16_t close_code_ = 1000;
  std::string close_reason_;
  std::atomic<std::uint64_t> last_started_tag_{0};
};

}  // namespace

void StartWebSocketSession(tcp::socket socket, http::request<http::string_body> request,
                           std::shared_ptr<ServerState> state, WebSocketAccept accept,
                           std::string remote_address) {
  auto session = std::make_shared<CoalescingWebSocketSession>(
      std::move(socket), state, std::move(accept), std::move(remote_address));
  if (!state->connections.Add(session, state->options.max_connections)) {
    session->Abort();
    return;
  }
  session->registered_ = true;
  session->Run(std::move(request));
}

}  // namespace rexian
