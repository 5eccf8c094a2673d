// RFC 6455 frames: encoding frames and incrementally parsing a peer's frames into messages.
//
// Beast-free and socket-free, so the WebSocket session can coalesce frames
// into one write and tests can drive the parser byte by byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace rexian::websocket {

enum class Opcode : std::uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

// RFC 6455 close codes this server uses.
constexpr std::uint16_t kCloseNormal = 1000;
constexpr std::uint16_t kCloseGoingAway = 1001;
constexpr std::uint16_t kCloseProtocolError = 1002;
constexpr std::uint16_t kCloseInvalidPayload = 1007;  // a text message or close reason not UTF-8
constexpr std::uint16_t kCloseMessageTooBig = 1009;
// A control frame's payload is at most 125 bytes (RFC 6455 5.5); a close
// reason therefore at most 123 (two bytes carry the code).
constexpr std::size_t kMaxControlPayloadBytes = 125;
constexpr std::size_t kMaxCloseReasonBytes = 123;
// The longest header of an unmasked frame: 2 bytes + a 64-bit length.
constexpr std::size_t kMaxServerHeaderBytes = 10;

// Writes the header of one final, unmasked frame (the server's) carrying
// `payload_bytes` into `out` and returns its length: 2 (< 126 bytes), 4
// (< 65536) or 10. REQUIRES: `out` holds kMaxServerHeaderBytes.
std::size_t EncodeFrameHeader(Opcode opcode, std::uint64_t payload_bytes, std::uint8_t* out);

// One whole final, unmasked frame (header and payload).
std::string EncodeFrame(Opcode opcode, std::string_view payload);

// The close frame with `code` and `reason` (cut to kMaxCloseReasonBytes);
// code 0 sends an empty close frame (no status, RFC 6455 7.1.5).
std::string EncodeCloseFrame(std::uint16_t code, std::string_view reason);

// One masked frame as a client sends it, `fin` false for a fragment that is
// not the last. For clients (tests, the benchmark's load generator).
std::string EncodeClientFrame(Opcode opcode, std::string_view payload, std::uint32_t mask_key,
                              bool fin = true);

// Whether `bytes` are well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), as text messages and close reasons
// must be (RFC 6455 8.1).
bool IsValidUtf8(std::string_view bytes);

// Whether `code` may appear in a close frame on the wire (RFC 6455 7.4).
bool IsValidCloseCode(std::uint16_t code);

// What FrameParser::Next found.
struct ParsedItem {
  enum class Kind : std::uint8_t { kMessage, kPing, kPong, kClose };
  Kind kind = Kind::kMessage;
  bool binary = false;       // kMessage: binary rather than text
  std::string_view payload;  // the message (reassembled), ping/pong data, close reason
  std::uint16_t close_code = 0;  // kClose: 0 when the frame carried no status
};

// Turns a byte stream from one peer into messages and control frames:
// reassembles fragmented messages (control frames may arrive between the
// fragments), unmasks, and enforces RFC 6455 and a message size limit.
// Not thread-safe.
class FrameParser {
 public:
  // Whose frames are parsed: a server parses the client's frames (which must
  // be masked), a client the server's (which must not be).
  enum class Peer : std::uint8_t { kClient, kServer };
  enum class Step : std::uint8_t { kNeedMore, kItem, kFailed };

  FrameParser(Peer peer, std::size_t max_message_bytes);

  // Adds received bytes. Invalidates the payload of the last item.
  void Append(std::string_view bytes);

  // The next complete message or control frame. kItem: `*item` is set and
  // its payload stays valid until the next Append or Next. kNeedMore: every
  // complete frame was consumed. kFailed: the stream violates the protocol
  // or the limit; failure_code() is the close code to answer with (1002, or
  // 1009 for a message over the limit) and every later call fails too.
  Step Next(ParsedItem* item);

  std::uint16_t failure_code() const { return failure_code_; }
  const std::string& failure_reason() const { return failure_reason_; }
  // Bytes received and not yet consumed by Next.
  std::size_t buffered_bytes() const { return input_.size() - consumed_; }

 private:
  Step Fail(std::uint16_t code, std::string reason);

  const Peer peer_;
  const std::size_t max_message_bytes_;
  std::string input_;         // bytes received; [0, consumed_) already parsed
  std::size_t consumed_ = 0;
  std::string fragments_;     // the fragmented message being reassembled
  bool in_fragmented_message_ = false;
  bool fragmented_binary_ = false;
  std::uint16_t failure_code_ = 0;
  std::string failure_reason_;
};

}  // namespace rexian::websocket
