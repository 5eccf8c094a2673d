// The opening handshake's 101 answer (SHA-1 and base64 from OpenSSL) or its refusal.
#include "server/websocket_handshake.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>

namespace rexian::websocket {
namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

bool IsBase64Of16Bytes(std::string_view key) {
  if (key.size() != 24 || key.substr(22) != "==") return false;
  return std::all_of(key.begin(), key.begin() + 22, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/';
  });
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string Refusal(std::string_view status, std::string_view detail) {
  std::string body = std::string(detail) + "\n";
  return "HTTP/1.1 " + std::string(status) +
         "\r\nServer: rexian\r\nSec-WebSocket-Version: 13\r\n"
         "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace

std::string AcceptValue(std::string_view key) {
  std::string input(key);
  input.append(kGuid);
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
  int length = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
  return std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(length));
}

std::string HandshakeResponse(std::string_view version, std::string_view key, bool* accepted) {
  *accepted = false;
  if (Trim(version) != "13") {
    return Refusal("426 Upgrade Required", "unsupported Sec-WebSocket-Version: use 13");
  }
  key = Trim(key);
  if (!IsBase64Of16Bytes(key)) {
    return Refusal("400 Bad Request", "missing or malformed Sec-WebSocket-Key");
  }
  *accepted = true;
  return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Accept: " +
         AcceptValue(key) + "\r\nServer: rexian\r\n\r\n";
}

}  // namespace rexian::websocket
