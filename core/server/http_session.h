// HTTP/1.1 connection sessions: the only Beast-using part of the server (see http_session.cc).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "server/server_state.h"

namespace rexian {

// Starts serving HTTP on the accepted `socket` (which carries its own strand
// executor). The session registers itself in `state->connections` and lives
// until the connection closes; if the registry refuses it (shutting down, or
// max_connections reached) the socket is closed at once.
void StartHttpSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerState> state);

}  // namespace rexian
