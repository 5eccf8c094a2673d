// Decoding and encoding Bilibili live packets (zlib through zlib1g, brotli
// through libbrotli).
#include "livestream/bilibili_packet.h"

#include <brotli/decode.h>
#include <zlib.h>

namespace rexian::live {
namespace {

std::uint32_t ReadU32(std::string_view b, std::size_t at) {
  return (std::uint32_t{static_cast<unsigned char>(b[at])} << 24) |
         (std::uint32_t{static_cast<unsigned char>(b[at + 1])} << 16) |
         (std::uint32_t{static_cast<unsigned char>(b[at + 2])} << 8) |
         std::uint32_t{static_cast<unsigned char>(b[at + 3])};
}

std::uint16_t ReadU16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>((static_cast<unsigned char>(b[at]) << 8) |
                                    static_cast<unsigned char>(b[at + 1]));
}

void PutU32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void PutU16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v & 0xff));
}

// Inflates a zlib stream into *out, refusing more than `cap` bytes.
std::string Inflate(std::string_view in, std::size_t cap, std::string* out) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return "zlib: cannot initialise";
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  char chunk[16384];
  int rc = Z_OK;
  std::string error;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof chunk;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      error = std::string("zlib: ") + (zs.msg != nullptr ? zs.msg : "corrupt or truncated body");
      break;
    }
    out->append(chunk, sizeof chunk - zs.avail_out);
    if (out->size() > cap) {
      error = "zlib: body inflates beyond " + std::to_string(cap) + " bytes";
      break;
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      error = "zlib: truncated body";
      break;
    }
  }
  inflateEnd(&zs);
  return error;
}

// Decompresses a brotli stream into *out, refusing more than `cap` bytes.
std::string Unbrotli(std::string_view in, std::size_t cap, std::string* out) {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (state == nullptr) return "brotli: cannot initialise";
  const std::uint8_t* next_in = reinterpret_cast<const std::uint8_t*>(in.data());
  std::size_t avail_in = in.size();
  std::uint8_t chunk[16384];
  std::string error;
  for (;;) {
    std::uint8_t* next_out = chunk;
    std::size_t avail_out = sizeof chunk;
    BrotliDecoderResult rc =
        BrotliDecoderDecompressStream(state, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    out->append(reinterpret_cast<char*>(chunk), sizeof chunk - avail_out);
    if (out->size() > cap) {
      error = "brotli: body decompresses beyond " + std::to_string(cap) + " bytes";
      break;
    }
    if (rc == BROTLI_DECODER_RESULT_SUCCESS) break;
    if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) continue;
    if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) {
      error = "brotli: truncated body";
    } else {
      error = std::string("brotli: ") +
              BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state));
    }
    break;
  }
  BrotliDecoderDestroyInstance(state);
  return error;
}

// Decodes `bytes` into decoded->packets; returns "" or the first problem.
std::string DecodeInto(std::string_view bytes, const BilibiliLimits& limits, int depth,
                       BilibiliDecoded* decoded) {
  std::size_t at = 0;
  while (at < bytes.size()) {
    const std::string where = "packet at byte " + std::to_string(at) + ": ";
    if (decoded->packets.size() >= limits.max_packets) {
      return where + "more than " + std::to_string(limits.max_packets) + " packets";
    }
    if (bytes.size() - at < kBilibiliHeaderSize) {
      return where + "truncated header (" + std::to_string(bytes.size() - at) + " of 16 bytes)";
    }
    const std::uint32_t length = ReadU32(bytes, at);
    const std::uint16_t header_length = ReadU16(bytes, at + 4);
    BilibiliPacket packet;
    packet.protocol = ReadU16(bytes, at + 6);
    packet.operation = ReadU32(bytes, at + 8);
    packet.sequence = ReadU32(bytes, at + 12);
    if (header_length < kBilibiliHeaderSize) {
      return where + "header length " + std::to_string(header_length) + " is below 16";
    }
    if (length < header_length) {
      return where + "packet length " + std::to_string(length) + " is below its header length " +
             std::to_string(header_length);
    }
    if (length > limits.max_packet_bytes) {
      return where + "packet length " + std::to_string(length) + " exceeds the limit of " +
             std::to_string(limits.max_packet_bytes);
    }
    if (length > bytes.size() - at) {
      return where + "truncated: announces " + std::to_string(length) + " bytes, " +
             std::to_string(bytes.size() - at) + " present";
    }
    std::string_view body = bytes.substr(at + header_length, length - header_length);
    at += length;
    if (packet.protocol == kProtocolZlib || packet.protocol == kProtocolBrotli) {
      if (depth >= limits.max_nesting) return where + "compressed packets nested too deeply";
      std::string inner;
      std::string error = packet.protocol == kProtocolZlib
                              ? Inflate(body, limits.max_decompressed_bytes, &inner)
                              : Unbrotli(body, limits.max_decompressed_bytes, &inner);
      if (!error.empty()) return where + error;
      error = DecodeInto(inner, limits, depth + 1, decoded);
      if (!error.empty()) return where + "inside the " +
                                 (packet.protocol == kProtocolZlib ? "zlib" : "brotli") +
                                 " body: " + error;
      continue;
    }
    if (packet.protocol != kProtocolJson && packet.protocol != kProtocolPlain) {
      return where + "unknown protocol version " + std::to_string(packet.protocol);
    }
    packet.body.assign(body);
    decoded->packets.push_back(std::move(packet));
  }
  return "";
}

}  // namespace

BilibiliDecoded DecodeBilibili(std::string_view bytes, const BilibiliLimits& limits) {
  BilibiliDecoded decoded;
  decoded.error = DecodeInto(bytes, limits, 0, &decoded);
  return decoded;
}

std::uint32_t AnnouncedLength(std::string_view bytes) {
  return bytes.size() < 4 ? 0 : ReadU32(bytes, 0);
}

std::string EncodeBilibili(std::uint16_t protocol, std::uint32_t operation, std::uint32_t sequence,
                           std::string_view body) {
  std::string out;
  out.reserve(kBilibiliHeaderSize + body.size());
  PutU32(out, static_cast<std::uint32_t>(kBilibiliHeaderSize + body.size()));
  PutU16(out, static_cast<std::uint16_t>(kBilibiliHeaderSize));
  PutU16(out, protocol);
  PutU32(out, operation);
  PutU32(out, sequence);
  out.append(body);
  return out;
}

}  // namespace rexian::live
