// Bilibili live packets: the 16-byte big-endian header, bodies compressed
// with zlib or brotli, and packets nested inside decompressed bodies.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rexian::live {

// Protocol versions of the header (what the body is).
enum BilibiliProtocol : std::uint16_t {
  kProtocolJson = 0,       // a JSON command
  kProtocolPlain = 1,      // heartbeat / auth: plain body (a reply's body is an int32)
  kProtocolZlib = 2,       // zlib-compressed packets inside
  kProtocolBrotli = 3,     // brotli-compressed packets inside
};

// Operations of the header.
enum BilibiliOperation : std::uint32_t {
  kOpHeartbeat = 2,        // client -> server, every 30 s
  kOpHeartbeatReply = 3,   // server -> client, body: popularity (int32)
  kOpMessage = 5,          // server -> client, body: a JSON command
  kOpAuth = 7,             // client -> server, body: {"roomid": ..., "key": ...}
  kOpAuthReply = 8,        // server -> client, body: {"code": 0}
};

inline constexpr std::size_t kBilibiliHeaderSize = 16;

// One packet after decoding: compressed bodies are already unpacked into the
// packets they carry, so `protocol` is never 2 or 3 here.
struct BilibiliPacket {
  std::uint16_t protocol = 0;
  std::uint32_t operation = 0;
  std::uint32_t sequence = 0;
  std::string body;
};

// Limits that keep a hostile peer from exhausting memory or stack.
struct BilibiliLimits {
  std::size_t max_packet_bytes = 4u << 20;        // one packet, header included
  std::size_t max_decompressed_bytes = 16u << 20;  // one compressed body, unpacked
  int max_nesting = 2;                             // compressed inside compressed
  std::size_t max_packets = 10000;                 // packets out of one buffer
};

// Outcome of decoding one buffer: the packets read in order, and `error`
// ("" when the whole buffer was valid) naming the first problem. Packets
// before the problem are kept; nothing after it is read.
struct BilibiliDecoded {
  std::vector<BilibiliPacket> packets;
  std::string error;
};

// Decodes every packet in `bytes` (one WebSocket message, or a buffer of a
// TCP stream holding whole packets), unpacking zlib and brotli bodies into
// the packets nested inside them. Never throws or crashes on malformed
// input; a truncated or inconsistent packet ends decoding with a reason.
BilibiliDecoded DecodeBilibili(std::string_view bytes, const BilibiliLimits& limits = {});

// The total length a TCP stream's next packet announces, once `bytes` holds
// its first 4 bytes; 0 before that.
std::uint32_t AnnouncedLength(std::string_view bytes);

// One packet with a 16-byte header and `body` as it is (no compression).
std::string EncodeBilibili(std::uint16_t protocol, std::uint32_t operation, std::uint32_t sequence,
                           std::string_view body);

}  // namespace rexian::live
