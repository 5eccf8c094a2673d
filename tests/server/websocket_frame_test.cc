// The RFC 6455 frame codec: header lengths, masking, reassembly, control frames and every refusal.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "server/websocket_frame.h"
#include "server/websocket_handshake.h"

namespace rexian::websocket {
namespace {

using Kind = ParsedItem::Kind;
using Step = FrameParser::Step;

// Everything `parser` yields for `bytes` fed in chunks of `chunk` bytes.
struct Parsed {
  std::vector<ParsedItem::Kind> kinds;
  std::vector<std::string> payloads;
  std::vector<std::uint16_t> close_codes;
  bool failed = false;
};

Parsed ParseAll(FrameParser& parser, const std::string& bytes, std::size_t chunk) {
  Parsed out;
  for (std::size_t at = 0; at < bytes.size() && !out.failed; at += chunk) {
    parser.Append(std::string_view(bytes).substr(at, chunk));
    ParsedItem item;
    for (Step step; (step = parser.Next(&item)) != Step::kNeedMore;) {
      if (step == Step::kFailed) {
        out.failed = true;
        break;
      }
      out.kinds.push_back(item.kind);
      out.payloads.emplace_back(item.payload);
      out.close_codes.push_back(item.close_code);
    }
  }
  return out;
}

TEST_CASE("server frame headers use 7, 16 and 64-bit lengths at the boundaries", "[server]") {
  struct Case {
    std::uint64_t length;
    std::size_t header_bytes;
  };
  for (Case c : {Case{0, 2}, Case{125, 2}, Case{126, 4}, Case{65535, 4}, Case{65536, 10}}) {
    CAPTURE(c.length);
    std::uint8_t header[kMaxServerHeaderBytes];
    REQUIRE(EncodeFrameHeader(Opcode::kText, c.length, header) == c.header_bytes);
    CHECK(header[0] == 0x81);          // FIN + text
    CHECK((header[1] & 0x80) == 0);    // never masked
    // A client-side parser reads back the same payload.
    std::string payload(c.length, 'x');
    FrameParser parser(FrameParser::Peer::kServer, 1 << 20);
    Parsed parsed = ParseAll(parser, EncodeFrame(Opcode::kText, payload), 7000);
    REQUIRE_FALSE(parsed.failed);
    REQUIRE(parsed.payloads.size() == 1);
    CHECK(parsed.payloads[0] == payload);
  }
}

TEST_CASE("masked client frames are unmasked, byte by byte or all at once", "[server]") {
  std::string stream = EncodeClientFrame(Opcode::kText, "hello", 0x37FA213D) +
                       EncodeClientFrame(Opcode::kBinary, std::string(300, '\x01'), 0x01020304) +
                       EncodeClientFrame(Opcode::kText, "", 0xFFFFFFFF);
  for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, stream.size()}) {
    CAPTURE(chunk);
    FrameParser parser(FrameParser::Peer::kClient, 4096);
    Parsed parsed = ParseAll(parser, stream, chunk);
    REQUIRE_FALSE(parsed.failed);
    REQUIRE(parsed.payloads == std::vector<std::string>{"hello", std::string(300, '\x01'), ""});
  }
  // RFC 6455 5.7's example: a masked "Hello".
  const unsigned char rfc[] = {0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58};
  FrameParser parser(FrameParser::Peer::kClient, 4096);
  Parsed parsed = ParseAll(parser, std::string(reinterpret_cast<const char*>(rfc), sizeof rfc), 64);
  REQUIRE(parsed.payloads == std::vector<std::string>{"Hello"});
}

TEST_CASE("a fragmented message is reassembled, with a ping between its fragments", "[server]") {
  std::string stream = EncodeClientFrame(Opcode::kText, "Hel", 1, false) +
                       EncodeClientFrame(Opcode::kPing, "are you there", 2) +
                       EncodeClientFrame(Opcode::kContinuation, "lo, ", 3, false) +
                       EncodeClientFrame(Opcode::kContinuation, "world", 4, true) +
                       EncodeClientFrame(Opcode::kClose, std::string("\x03\xe8") + "bye", 5);
  for (std::size_t chunk : {std::size_t{1}, std::size_t{5}, stream.size()}) {
    CAPTURE(chunk);
    FrameParser parser(FrameParser::Peer::kClient, 4096);
    Parsed parsed = ParseAll(parser, stream, chunk);
    REQUIRE_FALSE(parsed.failed);
    REQUIRE(parsed.kinds == std::vector<Kind>{Kind::kPing, Kind::kMessage, Kind::kClose});
    CHECK(parsed.payloads[0] == "are you there");
    CHECK(parsed.payloads[1] == "Hello, world");
    CHECK(parsed.close_codes[2] == 1000);
    CHECK(parsed.payloads[2] == "bye");
  }
}

TEST_CASE("protocol violations fail with 1002, oversize messages with 1009", "[server]") {
  struct Case {
    const char* name;
    std::string bytes;
    std::uint16_t code;
  };
  std::string unmasked = EncodeFrame(Opcode::kText, "hi");
  std::string reserved = EncodeClientFrame(Opcode::kText, "hi", 9);
  reserved[0] = static_cast<char>(reserved[0] | 0x40);
  std::string bad_opcode = EncodeClientFrame(Opcode::kText, "hi", 9);
  bad_opcode[0] = static_cast<char>(0x83);
  const std::vector<Case> cases{
      {"unmasked client frame", unmasked, 1002},
      {"reserved bit", reserved, 1002},
      {"unknown opcode", bad_opcode, 1002},
      {"fragmented ping", EncodeClientFrame(Opcode::kPing, "x", 1, false), 1002},
      {"long ping", EncodeClientFrame(Opcode::kPing, std::string(126, 'p'), 1), 1002},
      {"continuation first", EncodeClientFrame(Opcode::kContinuation, "x", 1), 1002},
      {"text inside a fragmented message",
       EncodeClientFrame(Opcode::kText, "a", 1, false) + EncodeClientFrame(Opcode::kText, "b", 1),
       1002},
      {"one-byte close", EncodeClientFrame(Opcode::kClose, "\x03", 1), 1002},
      {"close code 1005 on the wire", EncodeClientFrame(Opcode::kClose, "\x03\xed", 1), 1002},
      {"oversize frame", EncodeClientFrame(Opcode::kText, std::string(101, 'a'), 1), 1009},
      {"text not UTF-8", EncodeClientFrame(Opcode::kText, "caf\xe9", 1), 1007},
      {"fragmented text not UTF-8 across the cut",
       EncodeClientFrame(Opcode::kText, "\xe5\xbe", 1, false) +
           EncodeClientFrame(Opcode::kContinuation, "x", 1),
       1007},
      {"close reason not UTF-8", EncodeClientFrame(Opcode::kClose, "\x03\xe8\xff", 1), 1007},
      {"oversize fragments",
       EncodeClientFrame(Opcode::kText, std::string(60, 'a'), 1, false) +
           EncodeClientFrame(Opcode::kContinuation, std::string(41, 'b'), 1),
       1009},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    FrameParser parser(FrameParser::Peer::kClient, 100);
    Parsed parsed = ParseAll(parser, c.bytes, c.bytes.size());
    REQUIRE(parsed.failed);
    CHECK(parser.failure_code() == c.code);
    ParsedItem item;
    CHECK(parser.Next(&item) == Step::kFailed);  // stays failed
  }
  // Exactly at the limit is fine; an oversize frame fails on its header alone.
  FrameParser parser(FrameParser::Peer::kClient, 100);
  CHECK_FALSE(ParseAll(parser, EncodeClientFrame(Opcode::kText, std::string(100, 'a'), 1), 1).failed);
  FrameParser early(FrameParser::Peer::kClient, 100);
  early.Append(EncodeClientFrame(Opcode::kBinary, std::string(70000, 'a'), 1).substr(0, 10));
  ParsedItem item;
  CHECK(early.Next(&item) == Step::kFailed);
  CHECK(early.failure_code() == 1009);
}

TEST_CASE("UTF-8 is checked per RFC 3629 and binary messages are not checked", "[server]") {
  CHECK(IsValidUtf8(""));
  CHECK(IsValidUtf8("plain ASCII"));
  CHECK(IsValidUtf8("\xe5\xbe\x90\xe5\xb7\x9e 12345"));          // 徐州
  CHECK(IsValidUtf8("\xf0\x9f\x98\x80"));                         // U+1F600
  CHECK(IsValidUtf8("\xf4\x8f\xbf\xbf"));                         // U+10FFFF
  CHECK_FALSE(IsValidUtf8("\xc0\xaf"));                             // overlong '/'
  CHECK_FALSE(IsValidUtf8("\xe0\x80\xaf"));                        // overlong
  CHECK_FALSE(IsValidUtf8("\xed\xa0\x80"));                        // surrogate D800
  CHECK_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));                   // above U+10FFFF
  CHECK_FALSE(IsValidUtf8("\xe5\xbe"));                             // truncated
  CHECK_FALSE(IsValidUtf8("\x80"));                                  // lone continuation
  CHECK_FALSE(IsValidUtf8("\xff"));

  // ASCII is checked eight bytes at a time: a character, or a bad byte, at
  // every offset around those words is still seen.
  for (std::size_t offset = 0; offset < 20; ++offset) {
    const std::string before(offset, 'a'), after(19 - offset, 'z');
    CHECK(IsValidUtf8(before + "\xe5\xbe\x90" + after));
    CHECK_FALSE(IsValidUtf8(before + "\xff" + after));
    CHECK_FALSE(IsValidUtf8(before + "\xe5\xbe"));                 // truncated at the end
    CHECK_FALSE(IsValidUtf8(before + "\xe5\xbe" + after));         // continuation missing
  }

  // A text message split inside a character is whole again after reassembly.
  FrameParser split(FrameParser::Peer::kClient, 100);
  Parsed parsed = ParseAll(split,
                           EncodeClientFrame(Opcode::kText, "\xe5\xbe", 1, false) +
                               EncodeClientFrame(Opcode::kContinuation, "\x90", 1),
                           3);
  REQUIRE_FALSE(parsed.failed);
  CHECK(parsed.payloads == std::vector<std::string>{"\xe5\xbe\x90"});
  FrameParser binary(FrameParser::Peer::kClient, 100);
  CHECK_FALSE(ParseAll(binary, EncodeClientFrame(Opcode::kBinary, "\xff\xfe", 1), 1).failed);

  // A close reason cut to 123 bytes never ends inside a character.
  std::string reason(122, 'r');
  reason += "\xe5\xbe\x90";
  const std::string frame = EncodeCloseFrame(4000, reason);
  CHECK(frame.size() == 2 + 2 + 122);
  CHECK(IsValidUtf8(frame.substr(4)));
}

TEST_CASE("close frames carry a code and a reason cut to 123 bytes", "[server]") {
  std::string frame = EncodeCloseFrame(4000, std::string(200, 'r'));
  REQUIRE(frame.size() == 2 + 125);
  FrameParser parser(FrameParser::Peer::kServer, 100);
  Parsed parsed = ParseAll(parser, frame, frame.size());
  REQUIRE(parsed.kinds == std::vector<Kind>{Kind::kClose});
  CHECK(parsed.close_codes[0] == 4000);
  CHECK(parsed.payloads[0].size() == 123);
  CHECK(EncodeCloseFrame(0, "ignored") == std::string("\x88\x00", 2));
}

TEST_CASE("the handshake answers RFC 6455's example key and refuses bad ones", "[server]") {
  CHECK(AcceptValue("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  bool accepted = false;
  std::string response = HandshakeResponse("13", "dGhlIHNhbXBsZSBub25jZQ==", &accepted);
  CHECK(accepted);
  CHECK(response.starts_with("HTTP/1.1 101 Switching Protocols\r\n"));
  CHECK(response.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") != std::string::npos);
  CHECK(response.find("Server: rexian\r\n") != std::string::npos);
  CHECK(HandshakeResponse("8", "dGhlIHNhbXBsZSBub25jZQ==", &accepted).starts_with("HTTP/1.1 426"));
  CHECK_FALSE(accepted);
  CHECK(HandshakeResponse("13", "short", &accepted).starts_with("HTTP/1.1 400"));
  CHECK_FALSE(accepted);
}

}  // namespace
}  // namespace rexian::websocket
