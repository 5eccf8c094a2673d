// Listener: the accept loop (Asio only; sessions and Beast live in http_session.cc).
#include "server/listener.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "server/http_session.h"

namespace rexian {

namespace net = boost::asio;
using tcp = boost::asio::ip::tcp;

Listener::Listener(net::io_context& io, std::shared_ptr<ServerState> state)
    : io_(io),
      acceptor_(net::make_strand(io)),
      retry_timer_(acceptor_.get_executor()),
      state_(std::move(state)) {}

Result<std::shared_ptr<Listener>> Listener::Open(net::io_context& io, const tcp::endpoint& endpoint,
                                                 std::shared_ptr<ServerState> state) {
  auto listener = std::make_shared<Listener>(io, std::move(state));
  tcp::acceptor& acceptor = listener->acceptor_;
  boost::system::error_code ec;
  std::string where = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return Status::IoError("open socket for " + where + ": " + ec.message());
  // Lets a restarted server bind while old connections sit in TIME_WAIT.
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return Status::IoError("set SO_REUSEADDR on " + where + ": " + ec.message());
  acceptor.bind(endpoint, ec);
  if (ec) return Status::IoError("bind " + where + ": " + ec.message());
  acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Status::IoError("listen on " + where + ": " + ec.message());
  listener->port_ = acceptor.local_endpoint(ec).port();
  if (ec) return Status::IoError("local endpoint of " + where + ": " + ec.message());
  return listener;
}

void Listener::Run() {
  net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->DoAccept(); });
}

void Listener::Close() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ec;
    self->acceptor_.close(ec);
    self->retry_timer_.cancel();
  });
}

void Listener::DoAccept() {
  if (!acceptor_.is_open()) return;
  // Each connection gets its own strand, so a session's handlers never run concurrently.
  acceptor_.async_accept(
      net::make_strand(io_),
      [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
        self->OnAccept(ec, std::move(socket));
      });
}

void Listener::OnAccept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (!ec) {
    StartHttpSession(std::move(socket), state_);
    return DoAccept();
  }
  // EMFILE, ENFILE, ECONNABORTED...: keep accepting, but without spinning.
  retry_timer_.expires_after(std::chrono::milliseconds(50));
  retry_timer_.async_wait(
      [self = shared_from_this()](boost::system::error_code) { self->DoAccept(); });
}

}  // namespace rexian
