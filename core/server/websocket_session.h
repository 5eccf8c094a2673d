// WebSocket sessions: the upgrade hand-off from an HTTP session (see websocket_session.cc).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <string>

#include "rexian/http.h"
#include "server/server_state.h"

namespace rexian {

// Completes the WebSocket handshake for `request` on `socket` (which carries
// its strand executor) and runs the session with `accept`'s limits and
// callbacks. The session registers itself in `state->connections`; if the
// registry refuses it (shutting down, max_connections) the socket is closed
// and accept.on_close runs.
void StartWebSocketSession(boost::asio::ip::tcp::socket socket,
                           boost::beast::http::request<boost::beast::http::string_body> request,
                           std::shared_ptr<ServerState> state, WebSocketAccept accept,
                           std::string remote_address);

}  // namespace rexian
