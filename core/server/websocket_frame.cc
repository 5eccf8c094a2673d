// RFC 6455 frame encoding and the incremental frame parser.
#include "server/websocket_frame.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace rexian::websocket {
namespace {

bool IsControl(std::uint8_t opcode) { return (opcode & 0x8) != 0; }

bool IsKnownOpcode(std::uint8_t opcode) {
  return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA);
}

// Header of a final frame without the mask bit; returns its length.
std::size_t EncodeHeader(Opcode opcode, std::uint64_t length, bool fin, bool masked,
                         std::uint8_t* out) {
  out[0] = static_cast<std::uint8_t>((fin ? 0x80 : 0x00) | static_cast<std::uint8_t>(opcode));
  const std::uint8_t mask_bit = masked ? 0x80 : 0x00;
  if (length < 126) {
    out[1] = static_cast<std::uint8_t>(mask_bit | length);
    return 2;
  }
  if (length <= 0xFFFF) {
    out[1] = static_cast<std::uint8_t>(mask_bit | 126);
    out[2] = static_cast<std::uint8_t>(length >> 8);
    out[3] = static_cast<std::uint8_t>(length);
    return 4;
  }
  out[1] = static_cast<std::uint8_t>(mask_bit | 127);
  for (int i = 0; i < 8; ++i) out[2 + i] = static_cast<std::uint8_t>(length >> (56 - 8 * i));
  return 10;
}

void Unmask(char* data, std::size_t size, const std::uint8_t key[4]) {
  for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<char>(data[i] ^ key[i & 3]);
}

}  // namespace

std::size_t EncodeFrameHeader(Opcode opcode, std::uint64_t payload_bytes, std::uint8_t* out) {
  return EncodeHeader(opcode, payload_bytes, true, false, out);
}

std::string EncodeFrame(Opcode opcode, std::string_view payload) {
  std::uint8_t header[kMaxServerHeaderBytes];
  std::size_t header_bytes = EncodeFrameHeader(opcode, payload.size(), header);
  std::string frame(reinterpret_cast<const char*>(header), header_bytes);
  frame.append(payload);
  return frame;
}

std::string EncodeCloseFrame(std::uint16_t code, std::string_view reason) {
  if (code == 0) return EncodeFrame(Opcode::kClose, {});
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  std::size_t cut = std::min(reason.size(), kMaxCloseReasonBytes);
  // Never cut a UTF-8 sequence in half: back off over continuation bytes.
  if (cut < reason.size()) {
    while (cut > 0 && (static_cast<unsigned char>(reason[cut]) & 0xC0) == 0x80) --cut;
  }
  payload.append(reason.substr(0, cut));
  return EncodeFrame(Opcode::kClose, payload);
}

std::string EncodeClientFrame(Opcode opcode, std::string_view payload, std::uint32_t mask_key,
                              bool fin) {
  std::uint8_t header[kMaxServerHeaderBytes];
  std::size_t header_bytes = EncodeHeader(opcode, payload.size(), fin, true, header);
  const std::uint8_t key[4] = {static_cast<std::uint8_t>(mask_key >> 24),
                               static_cast<std::uint8_t>(mask_key >> 16),
                               static_cast<std::uint8_t>(mask_key >> 8),
                               static_cast<std::uint8_t>(mask_key)};
  std::string frame(reinterpret_cast<const char*>(header), header_bytes);
  frame.append(reinterpret_cast<const char*>(key), 4);
  std::size_t start = frame.size();
  frame.append(payload);
  Unmask(frame.data() + start, payload.size(), key);
  return frame;
}

bool IsValidUtf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    // Eight ASCII bytes at a time: feed messages are JSON, mostly ASCII.
    while (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, sizeof word);
      if ((word & 0x8080808080808080ULL) != 0) break;
      p += 8;
    }
    if (p == end) break;
    const unsigned char lead = *p;
    if (lead < 0x80) {
      ++p;
      continue;
    }
    // The length of the sequence and the range its second byte must fall in
    // (narrower than 80..BF where overlongs, surrogates or > U+10FFFF start).
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // overlong
      if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // overlong
      if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
    } else {
      return false;  // a continuation byte, C0/C1 or F5..FF as a lead
    }
    if (static_cast<std::size_t>(end - p) < length) return false;
    if (p[1] < low || p[1] > high) return false;
    for (std::size_t i = 2; i < length; ++i) {
      if (p[i] < 0x80 || p[i] > 0xBF) return false;
    }
    p += length;
  }
  return true;
}

bool IsValidCloseCode(std::uint16_t code) {
  if (code >= 3000 && code <= 4999) return true;
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014);
}

FrameParser::FrameParser(Peer peer, std::size_t max_message_bytes)
    : peer_(peer), max_message_bytes_(max_message_bytes) {}

void FrameParser::Append(std::string_view bytes) {
  if (failure_code_ != 0) return;
  if (consumed_ > 0) {
    input_.erase(0, consumed_);
    consumed_ = 0;
  }
  input_.append(bytes);
}

FrameParser::Step FrameParser::Fail(std::uint16_t code, std::string reason) {
  failure_code_ = code;
  failure_reason_ = std::move(reason);
  input_.clear();
  fragments_.clear();
  consumed_ = 0;
  return Step::kFailed;
}

FrameParser::Step FrameParser::Next(ParsedItem* item) {
  if (failure_code_ != 0) return Step::kFailed;
  for (;;) {
    const auto* data = reinterpret_cast<const std::uint8_t*>(input_.data()) + consumed_;
    const std::size_t available = input_.size() - consumed_;
    if (available < 2) return Step::kNeedMore;
    const bool fin = (data[0] & 0x80) != 0;
    const std::uint8_t opcode = data[0] & 0x0F;
    const bool masked = (data[1] & 0x80) != 0;
    if ((data[0] & 0x70) != 0) return Fail(kCloseProtocolError, "reserved bits set");
    if (!IsKnownOpcode(opcode)) return Fail(kCloseProtocolError, "unknown opcode");
    if (peer_ == Peer::kClient && !masked) {
      return Fail(kCloseProtocolError, "a client frame must be masked");
    }
    if (peer_ == Peer::kServer && masked) {
      return Fail(kCloseProtocolError, "a server frame must not be masked");
    }
    std::uint64_t length = data[1] & 0x7F;
    std::size_t header = 2;
    if (length == 126) {
      if (available < 4) return Step::kNeedMore;
      length = (std::uint64_t{data[2]} << 8) | data[3];
      header = 4;
    } else if (length == 127) {
      if (available < 10) return Step::kNeedMore;
      length = 0;
      for (int i = 0; i < 8; ++i) length = (length << 8) | data[2 + i];
      if ((length >> 63) != 0) return Fail(kCloseProtocolError, "frame length out of range");
      header = 10;
    }
    if (IsControl(opcode)) {
      if (!fin) return Fail(kCloseProtocolError, "fragmented control frame");
      if (length > kMaxControlPayloadBytes) {
        return Fail(kCloseProtocolError, "control frame longer than 125 bytes");
      }
    } else if (opcode == 0 && !in_fragmented_message_) {
      return Fail(kCloseProtocolError, "continuation frame without a message");
    } else if (opcode != 0 && in_fragmented_message_) {
      return Fail(kCloseProtocolError, "new message inside a fragmented message");
    }
    // Checked before the payload arrives: an oversized message is never buffered.
    const std::uint64_t message_so_far = opcode == 0 ? fragments_.size() : 0;
    if (!IsControl(opcode) && length > max_message_bytes_ - std::min<std::uint64_t>(
                                                                message_so_far, max_message_bytes_)) {
      return Fail(kCloseMessageTooBig, "message too big");
    }
    std::uint8_t key[4] = {0, 0, 0, 0};
    if (masked) {
      if (available < header + 4) return Step::kNeedMore;
      std::memcpy(key, data + header, 4);
      header += 4;
    }
    if (available - header < length) return Step::kNeedMore;
    char* payload = input_.data() + consumed_ + header;
    const auto size = static_cast<std::size_t>(length);
    if (masked) Unmask(payload, size, key);
    consumed_ += header + size;
    const std::string_view bytes(payload, size);

    if (IsControl(opcode)) {
      *item = ParsedItem{};
      if (opcode == 0x9) {
        item->kind = ParsedItem::Kind::kPing;
        item->payload = bytes;
      } else if (opcode == 0xA) {
        item->kind = ParsedItem::Kind::kPong;
        item->payload = bytes;
      } else {
        item->kind = ParsedItem::Kind::kClose;
        if (size == 1) return Fail(kCloseProtocolError, "close frame of one byte");
        if (size >= 2) {
          const auto* code = reinterpret_cast<const std::uint8_t*>(payload);
          item->close_code = static_cast<std::uint16_t>((code[0] << 8) | code[1]);
          if (!IsValidCloseCode(item->close_code)) {
            return Fail(kCloseProtocolError, "invalid close code");
          }
          item->payload = bytes.substr(2);
          if (!IsValidUtf8(item->payload)) {
            return Fail(kCloseInvalidPayload, "close reason is not UTF-8");
          }
        }
      }
      return Step::kItem;
    }
    if (opcode != 0 && fin) {  // the common case: a whole message in one frame
      *item = ParsedItem{};
      item->binary = opcode == 0x2;
      item->payload = bytes;
      if (!item->binary && !IsValidUtf8(bytes)) {
        return Fail(kCloseInvalidPayload, "text message is not UTF-8");
      }
      return Step::kItem;
    }
    if (opcode != 0) {
      fragments_.clear();
      in_fragmented_message_ = true;
      fragmented_binary_ = opcode == 0x2;
    }
    fragments_.append(bytes);
    if (fin) {
      in_fragmented_message_ = false;
      *item = ParsedItem{};
      item->binary = fragmented_binary_;
      item->payload = fragments_;
      if (!item->binary && !IsValidUtf8(fragments_)) {
        return Fail(kCloseInvalidPayload, "text message is not UTF-8");
      }
      return Step::kItem;
    }
  }
}

}  // namespace rexian::websocket
