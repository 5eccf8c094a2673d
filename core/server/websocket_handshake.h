// The server side of the RFC 6455 opening handshake: checking the upgrade request's key and version.
#pragma once

#include <string>
#include <string_view>

namespace rexian::websocket {

// The Sec-WebSocket-Accept value answering a client's Sec-WebSocket-Key:
// base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")) (RFC 6455 4.2.2).
std::string AcceptValue(std::string_view key);

// The raw HTTP/1.1 answer to an upgrade request (whose Upgrade and Connection
// headers were already checked) with these Sec-WebSocket-Version and
// Sec-WebSocket-Key values: "101 Switching Protocols" with
// Sec-WebSocket-Accept and "Server: rexian" when the version is 13 and the key
// is 16 bytes in base64; else 426 (version) or 400 (key), plain text, with
// "Sec-WebSocket-Version: 13". `*accepted` tells which.
std::string HandshakeResponse(std::string_view version, std::string_view key, bool* accepted);

}  // namespace rexian::websocket
