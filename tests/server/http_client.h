// HttpClient: a small blocking HTTP/1.1 client over a POSIX socket, for tests (no Beast).
//
//   rexian::testing::HttpClient client("127.0.0.1", port);
//   auto response = client.Request("POST", "/v1/tickets", R"({"a":1})",
//                                  {{"Content-Type", "application/json"}});
//   CHECK(response.status == 201);
//
// One connection, reused across requests while the server keeps it alive.
// Transport failures (refused, reset, timeout, malformed response) throw
// HttpClientError: tests may expect them, e.g. after the server stopped.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rexian::testing {

using HttpHeaderList = std::vector<std::pair<std::string, std::string>>;

class HttpClientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HttpClientResponse {
  int status = 0;
  std::string reason;
  HttpHeaderList headers;  // in arrival order
  std::string body;

  // Case-insensitive; the first occurrence, "" if absent.
  std::string header(std::string_view name) const;
};

class HttpClient {
 public:
  // Connects lazily, on the first request. `timeout` bounds every connect,
  // send and receive.
  HttpClient(std::string host, std::uint16_t port,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request and reads its final response (1xx responses skipped).
  // Adds Host and, when there is a body or the method is POST/PUT/PATCH,
  // Content-Length, unless `headers` has them. If a reused connection turns
  // out to be closed before any response byte arrives, reconnects once and
  // retries. Closes the connection after a "Connection: close" response.
  HttpClientResponse Request(std::string_view method, std::string_view target,
                             std::string_view body = {}, const HttpHeaderList& headers = {});

  // Low level, for pipelining and malformed input: writes `bytes` as they are
  // (connecting first if needed).
  void SendRaw(std::string_view bytes);
  // Reads the next response, interim (1xx) ones included. `head_request`: the
  // response to a HEAD has no body whatever its Content-Length says.
  HttpClientResponse ReadResponse(bool head_request = false);

  // Waits up to `timeout` for the server to close the connection; true if it
  // did (EOF or reset), false if the connection is still open. Discards any
  // bytes received meanwhile.
  bool WaitForClose(std::chrono::milliseconds timeout);

  void Close();
  bool connected() const { return fd_ >= 0; }
  // TCP connections opened so far (1 after many keep-alive requests).
  int connections_opened() const { return connections_opened_; }

 private:
  void Connect();
  // Appends what one recv returns to buffer_; false on EOF. Throws on error/timeout.
  bool ReceiveMore();
  // Reads until buffer_ holds `terminator`; returns the text before it and
  // removes both from buffer_. Throws on EOF.
  std::string ReadUntil(std::string_view terminator);
  std::string ReadExactly(std::size_t count);

  std::string host_;
  std::uint16_t port_;
  std::chrono::milliseconds timeout_;
  int fd_ = -1;
  std::string buffer_;  // received, not yet consumed
  int connections_opened_ = 0;
  std::size_t bytes_received_ = 0;  // over all connections
  bool reused_ = false;             // the current connection already carried a response
};

}  // namespace rexian::testing
