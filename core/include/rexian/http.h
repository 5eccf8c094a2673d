// HttpServer: rexian's one HTTP/1.1 server; routes requests to handlers that answer asynchronously.
//
// No Beast or Asio type appears here: callers see plain requests, plain
// responses and a responder they may call from any thread.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "rexian/status.h"

namespace rexian {

class MetricsRegistry;

// One parsed request, owned by the server. Valid only during the handler
// call: a handler that answers later copies what it needs.
struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw target, "/v1/tickets?status=open"
  std::string path;    // decoded path, "/v1/tickets"
  std::string query;   // raw query string (without '?')
  std::vector<std::pair<std::string, std::string>> headers;  // in arrival order
  std::string body;
  std::string remote_address;                                // "127.0.0.1:53422", "[::1]:53422"
  std::unordered_map<std::string, std::string> path_params;  // from "{name}" segments of the route

  // Case-insensitive header lookup; the first occurrence, empty if absent.
  std::string_view header(std::string_view name) const;

  // Decoded query parameter (first occurrence; '+' decodes to a space);
  // nullopt if absent or if the query string is malformed.
  std::optional<std::string> query_param(std::string_view name) const;
};

// A response as a handler builds it. The server adds the Content-Type,
// Content-Length, Server and Connection headers; `headers` must not repeat them.
struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // RFC 9457 problem+json: {"type": "https://rexian.dev/problems/<type>",
  // "title", "status", "detail", ...extra}. `type` is a stable slug such as
  // "not_found" or "version_conflict"; extra members never replace the four
  // standard ones.
  static HttpResponse Problem(int status, std::string_view type, std::string_view title,
                              std::string_view detail, const boost::json::object& extra = {});
  // `body` serialized as JSON, content type application/json.
  static HttpResponse Json(int status, const boost::json::value& body);
  static HttpResponse Text(int status, std::string body,
                           std::string content_type = "text/plain; charset=utf-8");
};

// Delivers the response to one request. Call exactly once, from any thread
// (e.g. after an append is durable); later calls are ignored. Dropping every
// copy without calling it answers 500, so a connection never hangs. Calls after
// the server stopped are ignored.
using HttpResponder = std::function<void(HttpResponse)>;

// Handles one request. Runs on a server I/O thread: it must not block; slow work
// goes elsewhere and answers through the responder. An exception escaping the
// handler before it responded becomes a 500 problem+json.
using HttpHandler = std::function<void(const HttpRequest&, HttpResponder)>;

// One accepted WebSocket connection, as a WebSocket route sees it. No Beast
// type appears here. Thread-safe: every method may be called from any thread,
// including from the session's own callbacks.
class WebSocketSession {
 public:
  // What Send did with a message.
  enum class SendResult : std::uint8_t {
    kQueued,  // queued behind the messages not yet written
    kFull,    // not queued: the queue is at its message or byte limit
    kClosed,  // not queued: the session is closing or closed
  };

  virtual ~WebSocketSession() = default;

  // Queues one text message. `tag` is the caller's (0 = none); the session
  // remembers the largest tag of the messages it started writing (see
  // last_started_tag). Never blocks.
  virtual SendResult Send(std::shared_ptr<const std::string> text, std::uint64_t tag = 0) = 0;

  // Drops every queued message not yet started, writes `farewell(last
  // started tag)` (when `farewell` is set) after the one being written, then
  // closes with `code` and `reason` (RFC 6455: 1000..4999, reason at most
  // 123 bytes). A peer that does not read is disconnected after the
  // session's close timeout. Idempotent: later calls are ignored.
  virtual void Close(int code, std::string reason,
                     std::function<std::string(std::uint64_t)> farewell = {}) = 0;

  // Messages and bytes queued and not yet fully written.
  virtual std::size_t queued_messages() const = 0;
  virtual std::size_t queued_bytes() const = 0;
  // The largest tag among the messages whose write has started (0 if none).
  virtual std::uint64_t last_started_tag() const = 0;
  // "127.0.0.1:53422", as in HttpRequest::remote_address.
  virtual const std::string& remote_address() const = 0;
};

// Limits of one WebSocket connection.
struct WebSocketLimits {
  std::size_t max_queued_messages = 4096;   // Send answers kFull past either limit
  std::size_t max_queued_bytes = 8u << 20;
  std::size_t max_incoming_message_bytes = 64 * 1024;  // larger: closed with 1009
  std::chrono::seconds ping_interval{15};   // protocol pings when the peer is silent; a
                                            // peer silent for twice this is disconnected
  std::chrono::seconds close_timeout{5};    // bounds the farewell write and close handshake
  // The least time between the starts of two writes of messages: a message
  // queued sooner after the last write waits until then, so that the
  // messages queued meanwhile share one write (one system call); a message
  // after a quiet spell is written at once. 0: write whenever the writer is
  // free (what is queued while a write is in flight still shares the next
  // one). Control frames (pong, ping, close) never wait.
  std::chrono::milliseconds write_coalesce{0};
  // The socket's kernel send buffer (SO_SNDBUF, which Linux doubles for its
  // own bookkeeping); 0 leaves the kernel's autotuning, which lets a peer
  // that stops reading absorb up to tcp_wmem's maximum (4 MiB by default)
  // before any message waits in the session's queue. A cap makes a stalled
  // peer fill the queue, and so be noticed, sooner, and bounds the kernel
  // memory each connection can pin.
  std::size_t socket_send_buffer_bytes = 0;
};

// A WebSocket route's answer to an upgrade request: either refuse it with a
// plain HTTP response (401, 403, 400...), or accept it with callbacks. The
// callbacks run on the session's strand, one at a time.
struct WebSocketAccept {
  std::optional<HttpResponse> refusal;  // set: the upgrade is refused with this response
  WebSocketLimits limits;
  // After the handshake. The session stays alive until on_close has run.
  std::function<void(std::shared_ptr<WebSocketSession>)> on_open;
  // Each text or binary message the peer sends.
  std::function<void(std::string_view)> on_message;
  // Once, when the connection ended for any reason (after on_open, or after a failed
  // handshake without on_open). The session drops every callback afterwards.
  std::function<void()> on_close;
};

// Decides on one upgrade request. Runs on a server I/O thread: must not block.
using WebSocketHandler = std::function<WebSocketAccept(const HttpRequest&)>;

struct HttpServerOptions {
  std::string bind = "127.0.0.1";          // IPv4 or IPv6 literal
  std::uint16_t port = 0;                  // 0 = pick a free port (tests)
  int io_threads = 2;                      // clamped to at least 1
  std::size_t body_limit_bytes = 1 << 20;  // larger bodies get 413 problem+json
  std::chrono::seconds idle_timeout{60};   // a connection silent this long is closed;
                                           // also bounds writing one response
  std::size_t max_connections = 10000;     // connections past this are closed at once
};

// Per-process HTTP/1.1 server: keep-alive, one request at a time per connection
// (pipelined requests are answered in order), body and header limits,
// idle timeouts, graceful stop. Not copyable.
//
// Unknown path -> 404 problem+json; known path but wrong method -> 405 with
// Allow; body over the limit -> 413; unparsable request -> 400; handler threw
// or dropped its responder -> 500. HEAD is served by the GET route with the
// body left out.
class HttpServer {
 public:
  // Binds `options.bind`:`options.port` and starts the I/O threads.
  // Errors: InvalidArgument (bad bind address), IoError (bind/listen failed).
  static Result<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options);

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  // Stop() with the default grace.
  ~HttpServer();

  // Registers a route. `pattern` is a path such as "/v1/tickets/{id}/notes":
  // "{name}" segments match any one non-empty segment and capture its decoded
  // value into path_params. A literal segment wins over "{name}" at the same
  // place. Registering the same method and pattern again replaces the handler.
  // Thread-safe; may be called before or after Start.
  void Route(std::string method, std::string pattern, HttpHandler handler);

  // Registers a WebSocket route on the exact path `path` (no "{name}"
  // segments). A GET upgrade request there goes to `handler`; a plain request
  // there gets 426 Upgrade Required. An HTTP route on the same path is never
  // reached. Thread-safe; may be called before or after Start. WebSocket
  // connections count towards max_connections and Stop closes them (1001).
  void RouteWebSocket(std::string path, WebSocketHandler handler);

  // The bound port (the picked one when options.port was 0).
  std::uint16_t port() const;

  // Stops accepting, closes idle connections, lets in-flight requests finish
  // (their responses carry Connection: close) for up to `grace`, then closes
  // everything and joins the I/O threads. Idempotent.
  // REQUIRES: not called from a handler (an I/O thread).
  void Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

  // Adds a collector to `registry` exporting this server's counters:
  // rexian_http_requests_total{class="2xx"} (by status class),
  // rexian_http_request_duration_seconds (request read -> response ready),
  // rexian_http_connections_open, rexian_http_connections_accepted_total,
  // rexian_http_connections_rejected_total (over max_connections). The
  // collector stays valid after the server is destroyed.
  void ExportMetrics(MetricsRegistry& registry) const;

 private:
  class Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rexian
