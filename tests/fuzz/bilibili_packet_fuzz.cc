// libFuzzer target: Bilibili live packets (16-byte header, zlib/brotli
// bodies, nested packets) → DecodeBilibili → CommentOfCommand.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "livestream/bilibili_comments.h"
#include "livestream/bilibili_packet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rexian::live;
  BilibiliLimits limits;
  limits.max_decompressed_bytes = 1u << 20;  // keep each input fast
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  BilibiliDecoded decoded = DecodeBilibili(bytes, limits);
  for (const BilibiliPacket& packet : decoded.packets) {
    // Invariants: compressed bodies were unpacked, and a decoded packet
    // encodes back to bytes that decode to the same packet.
    if (packet.protocol != kProtocolJson && packet.protocol != kProtocolPlain) std::abort();
    const std::string again = EncodeBilibili(packet.protocol, packet.operation, packet.sequence, packet.body);
    if (AnnouncedLength(again) != again.size()) std::abort();
    BilibiliDecoded round = DecodeBilibili(again, limits);
    if (!round.error.empty() || round.packets.size() != 1 || round.packets[0].body != packet.body ||
        round.packets[0].operation != packet.operation) {
      std::abort();
    }
    if (packet.operation == kOpMessage) (void)CommentOfCommand(packet.body);
    if (packet.operation == kOpAuthReply) (void)AuthAccepted(packet.body);
  }
  return 0;
}
