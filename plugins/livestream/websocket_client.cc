// The RFC 6455 handshake and framing (client side).
#include "livestream/websocket_client.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cctype>

namespace rexian::live {
namespace {

constexpr const char* kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr std::size_t kMaxHandshakeBytes = 16384;

std::string Base64(const unsigned char* data, std::size_t len) {
  std::string out(4 * ((len + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(len));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The value of header `name` in an HTTP response head, trimmed; "" if absent.
std::string HeaderValue(std::string_view head, std::string_view name) {
  const std::string lower = Lower(head);
  const std::string needle = "\r\n" + Lower(name) + ":";
  std::size_t at = lower.find(needle);
  if (at == std::string::npos) return "";
  std::size_t start = at + needle.size();
  std::size_t end = head.find("\r\n", start);
  std::string_view value = head.substr(start, end - start);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return std::string(value);
}

}  // namespace

std::string WebSocketAccept(std::string_view key) {
  const std::string joined = std::string(key) + kGuid;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(joined.data(), joined.size(), digest, &length, EVP_sha1(), nullptr);
  return Base64(digest, length);
}

Expected<WebSocketClient> WebSocketClient::Open(const FeedAddress& address,
                                                std::chrono::milliseconds timeout,
                                                std::size_t max_message_bytes) {
  auto stream = TcpStream::Connect(address.host, address.port, timeout);
  if (!stream.ok()) return Failure{stream.error()};
  unsigned char nonce[16];
  if (RAND_bytes(nonce, sizeof nonce) != 1) return Failure{"no randomness for the handshake key"};
  const std::string key = Base64(nonce, sizeof nonce);
  const bool bracket = address.host.find(':') != std::string::npos;
  const std::string host = (bracket ? "[" + address.host + "]" : address.host) + ":" +
                           std::to_string(address.port);
  const std::string request = "GET " + address.path + " HTTP/1.1\r\nHost: " + host +
                              "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                              "User-Agent: rexian-livestream\r\n\r\n";
  if (auto sent = stream->WriteAll(request, timeout); !sent.ok()) return Failure{sent.error()};

  std::string buffer;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t end;
  while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (buffer.size() > kMaxHandshakeBytes) return Failure{"handshake answer too large"};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Failure{"handshake timed out"};
    auto read = stream->ReadSome(&buffer, left);
    if (!read.ok()) return Failure{"handshake: " + read.error()};
  }
  const std::string head = buffer.substr(0, end + 2);
  if (!head.starts_with("HTTP/1.1 101")) {
    return Failure{"handshake refused: " + head.substr(0, head.find("\r\n"))};
  }
  if (Lower(HeaderValue(head, "Upgrade")) != "websocket") return Failure{"handshake: no Upgrade: websocket"};
  if (HeaderValue(head, "Sec-WebSocket-Accept") != WebSocketAccept(key)) {
    return Failure{"handshake: wrong Sec-WebSocket-Accept"};
  }
  WebSocketClient client(std::move(*stream), max_message_bytes);
  client.buffer_ = buffer.substr(end + 4);
  return client;
}

Expected<Done> WebSocketClient::Send(std::string_view payload, bool binary) {
  return SendFrame(binary ? 0x2 : 0x1, payload);
}

Expected<Done> WebSocketClient::SendFrame(int opcode, std::string_view payload) {
  std::string frame;
  frame.push_back(static_cast<char>(0x80 | opcode));
  const std::size_t n = payload.size();
  if (n < 126) {
    frame.push_back(static_cast<char>(0x80 | n));
  } else if (n <= 0xffff) {
    frame.push_back(static_cast<char>(0x80 | 126));
    frame.push_back(static_cast<char>(n >> 8));
    frame.push_back(static_cast<char>(n & 0xff));
  } else {
    frame.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) frame.push_back(static_cast<char>((std::uint64_t{n} >> shift) & 0xff));
  }
  unsigned char mask[4];
  if (RAND_bytes(mask, sizeof mask) != 1) return Failure{"no randomness for the frame mask"};
  frame.append(reinterpret_cast<char*>(mask), 4);
  for (std::size_t i = 0; i < n; ++i) frame.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
  return stream_.WriteAll(frame, std::chrono::seconds(5));
}

Expected<int> WebSocketClient::ParseFrame(int* opcode, bool* fin, std::string* payload) {
  if (buffer_.size() < 2) return 0;
  const auto b0 = static_cast<unsigned char>(buffer_[0]);
  const auto b1 = static_cast<unsigned char>(buffer_[1]);
  if ((b0 & 0x70) != 0) return Failure{"frame with reserved bits set (no extension was negotiated)"};
  if ((b1 & 0x80) != 0) return Failure{"masked frame from the server"};
  std::uint64_t length = b1 & 0x7f;
  std::size_t at = 2;
  if (length == 126 || length == 127) {
    const std::size_t bytes = length == 126 ? 2 : 8;
    if (buffer_.size() < at + bytes) return 0;
    length = 0;
    for (std::size_t i = 0; i < bytes; ++i) length = (length << 8) | static_cast<unsigned char>(buffer_[at + i]);
    at += bytes;
  }
  if (length > max_message_bytes_) return Failure{"frame of " + std::to_string(length) + " bytes exceeds the limit"};
  if (buffer_.size() < at + length) return 0;
  *opcode = b0 & 0x0f;
  *fin = (b0 & 0x80) != 0;
  payload->assign(buffer_, at, static_cast<std::size_t>(length));
  buffer_.erase(0, at + static_cast<std::size_t>(length));
  return 1;
}

Expected<std::optional<WebSocketMessage>> WebSocketClient::Receive(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int opcode = 0;
    bool fin = false;
    std::string payload;
    auto parsed = ParseFrame(&opcode, &fin, &payload);
    if (!parsed.ok()) return Failure{parsed.error()};
    if (*parsed == 1) {
      if (opcode == 0x9) {  // ping
        if (auto sent = SendFrame(0xA, payload); !sent.ok()) return Failure{sent.error()};
        continue;
      }
      if (opcode == 0xA) continue;  // pong
      if (opcode == 0x8) {
        SendFrame(0x8, payload.substr(0, 2));
        return Failure{"the server closed the WebSocket"};
      }
      if (opcode == 0x1 || opcode == 0x2) {
        if (partial_opcode_ != 0) return Failure{"new message inside a fragmented one"};
        if (fin) return std::optional<WebSocketMessage>(WebSocketMessage{opcode == 0x2, std::move(payload)});
        partial_opcode_ = opcode;
        partial_ = std::move(payload);
        continue;
      }
      if (opcode == 0x0) {
        if (partial_opcode_ == 0) return Failure{"continuation without a message"};
        partial_ += payload;
        if (partial_.size() > max_message_bytes_) return Failure{"fragmented message exceeds the limit"};
        if (!fin) continue;
        WebSocketMessage message{partial_opcode_ == 0x2, std::move(partial_)};
        partial_.clear();
        partial_opcode_ = 0;
        return std::optional<WebSocketMessage>(std::move(message));
      }
      return Failure{"unknown opcode " + std::to_string(opcode)};
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::optional<WebSocketMessage>();
    auto read = stream_.ReadSome(&buffer_, left);
    if (!read.ok()) return Failure{read.error()};
    if (*read == 0) return std::optional<WebSocketMessage>();
  }
}

}  // namespace rexian::live
