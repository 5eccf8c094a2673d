// HttpSession: one HTTP/1.1 connection, on its own strand, modelled on Beast's advanced server.
//
// The one translation unit that includes Beast (compile-time figures in
// CMakeLists.txt); keep Beast types from leaking out of it.
#include "server/http_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cctype>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <utility>

#include "server/request_target.h"
#include "server/websocket_session.h"

namespace rexian {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

constexpr std::uint32_t kHeaderLimitBytes = 16 * 1024;
// After a last response, unread request bytes are drained this long before
// closing, so the peer reads the response instead of a reset (lingering close).
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

std::string FormatEndpoint(const tcp::endpoint& endpoint) {
  std::string address = endpoint.address().to_string();
  if (endpoint.address().is_v6()) address = "[" + address + "]";
  return address + ":" + std::to_string(endpoint.port());
}

bool IsHttpParseError(const beast::error_code& ec) {
  return ec.category() == make_error_code(http::error::bad_target).category();
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

HttpResponse HandlerFailed(std::string_view detail) {
  return HttpResponse::Problem(500, "internal_error", "Internal Server Error", detail);
}

class HttpSession;

// The state behind one HttpResponder: answered once, from any thread; a
// response nobody gave becomes a 500 when the last responder copy is dropped.
class PendingResponse {
 public:
  PendingResponse(std::shared_ptr<IoLifetime> lifetime, std::weak_ptr<HttpSession> session,
                  std::uint64_t request_id)
      : lifetime_(std::move(lifetime)), session_(std::move(session)), request_id_(request_id) {}
  PendingResponse(const PendingResponse&) = delete;
  PendingResponse& operator=(const PendingResponse&) = delete;
  ~PendingResponse() {
    if (!answered_.load())
      Answer(HandlerFailed("the handler dropped the request without answering"));
  }

  void Answer(HttpResponse response);

 private:
  std::shared_ptr<IoLifetime> lifetime_;
  std::weak_ptr<HttpSession> session_;
  std::uint64_t request_id_;
  std::atomic<bool> answered_{false};
};

class HttpSession : public Connection, public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, std::shared_ptr<ServerState> state)
      : state_(std::move(state)), stream_(std::move(socket)) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_address_ = FormatEndpoint(endpoint);
  }

  // Starts the read loop on the session's strand.
  void Run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&HttpSession::DoRead, shared_from_this()));
  }

  void BeginShutdown() override {
    net::post(stream_.get_executor(), [self = shared_from_this()] { self->OnShutdown(); });
  }

  // Hands a handler's response to the strand. Any thread.
  void Deliver(std::uint64_t request_id, HttpResponse response) {
    net::post(stream_.get_executor(),
              [self = shared_from_this(), request_id, response = std::move(response)]() mutable {
                self->OnResponse(request_id, std::move(response));
              });
  }

 private:
  enum class Phase : std::uint8_t { kReading, kHandling, kWriting, kLingering, kClosed };

  void DoRead() {
    if (shutting_down_) return Close();
    phase_ = Phase::kReading;
    parser_.emplace();
    parser_->body_limit(state_->options.body_limit_bytes);
    parser_->header_limit(kHeaderLimitBytes);
    stream_.expires_after(state_->options.idle_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&HttpSession::OnReadHeader, shared_from_this()));
  }

  void OnReadHeader(beast::error_code ec, std::size_t) {
    if (ec) return OnReadFailed(ec);
    if (parser_->is_done()) return OnReadBody({}, 0);
    // curl and others wait for "100 Continue" before sending a large body.
    if (EqualsIgnoreCase(parser_->get()[http::field::expect], "100-continue")) {
      net::async_write(
          stream_, net::buffer(kContinue.data(), kContinue.size()),
          beast::bind_front_handler(&HttpSession::OnContinueWritten, shared_from_this()));
      return;
    }
    DoReadBody();
  }

  void OnContinueWritten(beast::error_code ec, std::size_t) {
    if (ec) return Close();
    DoReadBody();
  }

  void DoReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::OnReadBody, shared_from_this()));
  }

  void OnReadBody(beast::error_code ec, std::size_t) {
    if (ec) return OnReadFailed(ec);
    Dispatch();
  }

  void OnReadFailed(const beast::error_code& ec) {
    if (ec == http::error::body_limit) {
      return RespondAndClose(
          HttpResponse::Problem(413, "payload_too_large", "Content Too Large",
                                "the request body exceeds the limit of " +
                                    std::to_string(state_->options.body_limit_bytes) + " bytes",
                                {{"limit_bytes", state_->options.body_limit_bytes}}));
    }
    if (ec == http::error::header_limit) {
      return RespondAndClose(HttpResponse::Problem(
          431, "header_too_large", "Request Header Fields Too Large",
          "the request header exceeds " + std::to_string(kHeaderLimitBytes) + " bytes"));
    }
    // end_of_stream / partial_message: the peer went away; nobody to answer.
    if (IsHttpParseError(ec) && ec != http::error::end_of_stream &&
        ec != http::error::partial_message) {
      return RespondAndClose(HttpResponse::Problem(
          400, "bad_request", "Bad Request", "the request is not valid HTTP/1.1: " + ec.message()));
    }
    Close();  // timeout, reset, or closed by shutdown
  }

  void Dispatch() {
    phase_ = Phase::kHandling;
    started_ = std::chrono::steady_clock::now();
    ++request_id_;
    http::request<http::string_body> message = parser_->release();
    keep_alive_ = message.keep_alive();
    version_ = message.version();
    is_head_ = message.method() == http::verb::head;

    std::optional<RequestTarget> target = ParseRequestTarget(message.target());
    if (!target) {
      return WriteResponse(HttpResponse::Problem(400, "bad_request", "Bad Request",
                                                 "the request target is not a valid origin-form "
                                                 "path"));
    }
    HttpRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.path = std::move(target->path);
    request.query = std::move(target->query);
    request.remote_address = remote_address_;
    request.headers.reserve(16);
    for (const auto& field : message) {
      request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    request.body = std::move(message.body());

    if (auto websocket_handler = state_->websocket_routes.Find(request.path)) {
      return Upgrade(*websocket_handler, request, std::move(message));
    }

    Router::Match match = state_->router.Find(request.method, target->segments);
    if (match.status == 404) {
      return WriteResponse(
          HttpResponse::Problem(404, "not_found", "Not Found", "no resource at " + request.path));
    }
    if (match.status == 405) {
      HttpResponse response = HttpResponse::Problem(
          405, "method_not_allowed", "Method Not Allowed",
          request.method + " is not allowed on " + request.path + "; allowed: " + match.allow);
      response.headers.emplace_back("Allow", match.allow);
      return WriteResponse(std::move(response));
    }
    request.path_params = std::move(match.params);

    auto pending =
        std::make_shared<PendingResponse>(state_->lifetime, weak_from_this(), request_id_);
    HttpResponder responder = [pending](HttpResponse response) {
      pending->Answer(std::move(response));
    };
    try {
      (*match.handler)(request, responder);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "rexian http: handler for %s %s threw: %s\n", request.method.c_str(),
                   request.path.c_str(), e.what());
      responder(HandlerFailed("the handler failed"));
    } catch (...) {
      std::fprintf(stderr, "rexian http: handler for %s %s threw\n", request.method.c_str(),
                   request.path.c_str());
      responder(HandlerFailed("the handler failed"));
    }
  }

  // Hands the connection to a WebSocket session (itself a Connection, so Stop
  // reaches it) and leaves the registry without closing, as Beast's advanced
  // server does; or answers the route's refusal, or 426 to a plain request.
  void Upgrade(const WebSocketHandler& handler, const HttpRequest& request,
               http::request<http::string_body> message) {
    if (!boost::beast::websocket::is_upgrade(message)) {
      HttpResponse response = HttpResponse::Problem(
          426, "upgrade_required", "Upgrade Required",
          request.path + " is a WebSocket endpoint: send a GET with Upgrade: websocket");
      response.headers.emplace_back("Upgrade", "websocket");
      return WriteResponse(std::move(response));
    }
    WebSocketAccept accept;
    try {
      accept = handler(request);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "rexian http: websocket handler for %s threw: %s\n",
                   request.path.c_str(), e.what());
      return WriteResponse(HandlerFailed("the handler failed"));
    }
    if (accept.refusal) return WriteResponse(std::move(*accept.refusal));
    state_->stats->CountResponse(
        101, std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
    phase_ = Phase::kClosed;
    StartWebSocketSession(stream_.release_socket(), std::move(message), state_, std::move(accept),
                          remote_address_);
    state_->connections.Remove(this);
  }

  void OnResponse(std::uint64_t request_id, HttpResponse response) {
    if (phase_ != Phase::kHandling || request_id != request_id_) return;
    WriteResponse(std::move(response));
  }

  void RespondAndClose(HttpResponse response) {
    keep_alive_ = false;
    is_head_ = false;
    version_ = 11;
    started_ = std::chrono::steady_clock::now();
    WriteResponse(std::move(response));
  }

  void WriteResponse(HttpResponse response) {
    phase_ = Phase::kWriting;
    int status = response.status >= 100 && response.status <= 599 ? response.status : 500;
    state_->stats->CountResponse(
        status, std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());

    http::response<http::string_body>& out = response_.emplace();
    out.version(version_);
    out.result(static_cast<unsigned>(status));
    out.set(http::field::server, "rexian");
    if (!response.content_type.empty()) out.set(http::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) out.insert(name, value);
    bool keep_alive = keep_alive_ && !shutting_down_ && !state_->stopping.load();
    out.keep_alive(keep_alive);
    bool bodiless_status = status < 200 || status == 204 || status == 304;
    if (bodiless_status) {
      out.erase(http::field::content_length);
    } else if (is_head_) {
      out.content_length(response.body.size());
    } else {
      out.body() = std::move(response.body);
      out.prepare_payload();
    }
    stream_.expires_after(state_->options.idle_timeout);
    http::async_write(
        stream_, out,
        beast::bind_front_handler(&HttpSession::OnWrite, shared_from_this(), keep_alive));
  }

  void OnWrite(bool keep_alive, beast::error_code ec, std::size_t) {
    response_.reset();
    if (ec) return Close();
    if (!keep_alive) return Linger();
    DoRead();
  }

  // Half-closes and drains what the peer still sends, then closes.
  void Linger() {
    phase_ = Phase::kLingering;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    stream_.expires_after(
        std::min<std::chrono::steady_clock::duration>(kLingerTime, state_->options.idle_timeout));
    DoDrain();
  }

  void DoDrain() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(64 * 1024),
                            beast::bind_front_handler(&HttpSession::OnDrain, shared_from_this()));
  }

  void OnDrain(beast::error_code ec, std::size_t) {
    if (ec || phase_ != Phase::kLingering) return Close();
    DoDrain();
  }

  void OnShutdown() {
    shutting_down_ = true;
    // Before the first read (parser_ unset) or between requests: nothing is lost by closing.
    bool idle =
        phase_ == Phase::kReading && (!parser_ || (!parser_->got_some() && buffer_.size() == 0));
    if (idle || phase_ == Phase::kLingering) Close();
  }

  void Close() {
    if (phase_ == Phase::kClosed) return;
    phase_ = Phase::kClosed;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
    state_->connections.Remove(this);
  }

  std::shared_ptr<ServerState> state_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> response_;  // the one being written
  std::string remote_address_;

  Phase phase_ = Phase::kReading;
  bool shutting_down_ = false;
  std::uint64_t request_id_ = 0;  // the request being handled
  bool keep_alive_ = true;
  bool is_head_ = false;
  unsigned version_ = 11;
  std::chrono::steady_clock::time_point started_;
};

void PendingResponse::Answer(HttpResponse response) {
  if (answered_.exchange(true)) return;
  std::shared_lock lock(lifetime_->mutex);
  if (!lifetime_->running) return;
  // Both the lock and the session reference end here, while the I/O context is alive.
  if (std::shared_ptr<HttpSession> session = session_.lock()) {
    session->Deliver(request_id_, std::move(response));
  }
}

}  // namespace

void StartHttpSession(tcp::socket socket, std::shared_ptr<ServerState> state) {
  auto session = std::make_shared<HttpSession>(std::move(socket), state);
  if (!state->connections.Add(session, state->options.max_connections)) return;
  session->Run();
}

}  // namespace rexian
