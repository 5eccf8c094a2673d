// Listener: accepts TCP connections and starts an HTTP session, on a fresh strand, for each.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>

#include "rexian/status.h"
#include "server/server_state.h"

namespace rexian {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Opens, binds and listens on `endpoint`. Errors: IoError naming the endpoint.
  static Result<std::shared_ptr<Listener>> Open(boost::asio::io_context& io,
                                                const boost::asio::ip::tcp::endpoint& endpoint,
                                                std::shared_ptr<ServerState> state);

  Listener(boost::asio::io_context& io, std::shared_ptr<ServerState> state);

  // Starts the accept loop. Call once.
  void Run();
  // Closes the acceptor; the accept loop ends. Thread-safe, returns at once.
  void Close();

  std::uint16_t port() const { return port_; }

 private:
  void DoAccept();
  void OnAccept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;  // backs off after EMFILE and the like
  std::shared_ptr<ServerState> state_;
  std::uint16_t port_ = 0;
};

}  // namespace rexian
