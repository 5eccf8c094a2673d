// FeedClient over Beast's synchronous WebSocket stream and a reader thread.
#include "feed/feed_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace rexian::testing {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct FeedClient::State {
  net::io_context io;
  websocket::stream<tcp::socket> ws{io};
  std::thread reader;
  mutable std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::string> messages;
  bool paused = false;
  bool stopping = false;
  bool closed = false;
  int close_code = 0;
  std::string close_reason;

  void ReadLoop() {
    for (;;) {
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return !paused || stopping; });
        if (stopping) return;
      }
      beast::flat_buffer buffer;
      beast::error_code ec;
      ws.read(buffer, ec);
      std::lock_guard lock(mutex);
      if (ec) {
        closed = true;
        close_code = ws.reason().code;
        close_reason = std::string(ws.reason().reason.data(), ws.reason().reason.size());
        changed.notify_all();
        return;
      }
      messages.push_back(beast::buffers_to_string(buffer.data()));
      changed.notify_all();
    }
  }
};

FeedClient::FeedClient(std::shared_ptr<State> state) : state_(std::move(state)) {}

std::unique_ptr<FeedClient> FeedClient::Connect(
    std::uint16_t port, const std::string& target,
    const std::vector<std::pair<std::string, std::string>>& headers, UpgradeRefusal* refusal,
    int receive_buffer_bytes, bool start_paused) {
  auto state = std::make_shared<State>();
  tcp::socket& socket = state->ws.next_layer();
  socket.open(tcp::v4());
  if (receive_buffer_bytes > 0) {
    socket.set_option(net::socket_base::receive_buffer_size(receive_buffer_bytes));
  }
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  state->ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    for (const auto& [name, value] : headers) req.set(name, value);
  }));
  websocket::response_type response;
  beast::error_code ec;
  state->ws.handshake(response, "127.0.0.1:" + std::to_string(port), target, ec);
  if (ec) {
    if (refusal != nullptr && response.result_int() != 0 && response.result_int() != 101) {
      refusal->status = static_cast<int>(response.result_int());
      refusal->content_type = std::string(response[http::field::content_type]);
      refusal->body = response.body();
      return nullptr;
    }
    throw std::runtime_error("websocket handshake failed: " + ec.message());
  }
  state->paused = start_paused;
  state->reader = std::thread([s = state.get()] { s->ReadLoop(); });
  return std::unique_ptr<FeedClient>(new FeedClient(std::move(state)));
}

FeedClient::~FeedClient() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
    state_->changed.notify_all();
  }
  beast::error_code ec;
  state_->ws.next_layer().shutdown(tcp::socket::shutdown_both, ec);
  state_->ws.next_layer().close(ec);
  if (state_->reader.joinable()) state_->reader.join();
}

std::optional<std::string> FeedClient::Next(std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_->mutex);
  state_->changed.wait_for(lock, timeout,
                           [&] { return !state_->messages.empty() || state_->closed; });
  if (state_->messages.empty()) return std::nullopt;
  std::string message = std::move(state_->messages.front());
  state_->messages.pop_front();
  return message;
}

void FeedClient::Pause() {
  std::lock_guard lock(state_->mutex);
  state_->paused = true;
}

void FeedClient::Resume() {
  std::lock_guard lock(state_->mutex);
  state_->paused = false;
  state_->changed.notify_all();
}

bool FeedClient::closed() const {
  std::lock_guard lock(state_->mutex);
  return state_->closed;
}

int FeedClient::close_code() const {
  std::lock_guard lock(state_->mutex);
  return state_->close_code;
}

std::string FeedClient::close_reason() const {
  std::lock_guard lock(state_->mutex);
  return state_->close_reason;
}

}  // namespace rexian::testing
