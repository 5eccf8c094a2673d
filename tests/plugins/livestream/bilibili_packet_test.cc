// The Bilibili packet decoder on hand-built packets: plain, zlib and brotli
// bodies, nesting, and malformed input rejected with a reason.
#include <catch2/catch.hpp>
#include <random>
#include <string>

#include "livestream/bilibili_comments.h"
#include "livestream/bilibili_compress.h"
#include "livestream/bilibili_packet.h"

namespace rexian::live {
namespace {

const char* kDanmaku =
    R"({"cmd":"DANMU_MSG","info":[[0,1,25,16777215,1700000000123,1,0,"998a531f",0,0,0,"",0,"{}","{}",{}],)"
    R"("云龙区和平路的路灯坏了一个星期了",[1850091,"观众甲",0,0,0,10000,1,""],[],[20,0],["",""],0,3,null,)"
    R"({"ts":1700000000,"ct":"59DEA791"},0,0,null,null,0,210]})";

std::string Byte(std::string s, std::size_t at, unsigned char value) {
  s[at] = static_cast<char>(value);
  return s;
}

TEST_CASE("a plain JSON packet decodes with its header fields", "[plugins][livestream]") {
  const std::string packet = EncodeBilibili(kProtocolJson, kOpMessage, 7, kDanmaku);
  REQUIRE(packet.size() == 16 + std::string(kDanmaku).size());
  CHECK(AnnouncedLength(packet) == packet.size());
  BilibiliDecoded d = DecodeBilibili(packet);
  CHECK(d.error.empty());
  REQUIRE(d.packets.size() == 1);
  CHECK(d.packets[0].protocol == kProtocolJson);
  CHECK(d.packets[0].operation == kOpMessage);
  CHECK(d.packets[0].sequence == 7);
  auto comment = CommentOfCommand(d.packets[0].body);
  REQUIRE(comment);
  CHECK(comment->uid == "1850091");
  CHECK(comment->uname == "观众甲");
  CHECK(comment->text == "云龙区和平路的路灯坏了一个星期了");
  CHECK(comment->ts_ms == 1700000000123);
  CHECK(comment->platform_id == "dm-1850091-1700000000123-59DEA791");
}

TEST_CASE("the header is big-endian as documented", "[plugins][livestream]") {
  // The auth reply of the protocol description: 26 bytes, header 16, version 1, operation 8.
  const std::string reply("\x00\x00\x00\x1a\x00\x10\x00\x01\x00\x00\x00\x08\x00\x00\x00\x01{\"code\":0}", 26);
  BilibiliDecoded d = DecodeBilibili(reply);
  CHECK(d.error.empty());
  REQUIRE(d.packets.size() == 1);
  CHECK(d.packets[0].operation == kOpAuthReply);
  CHECK(AuthAccepted(d.packets[0].body));
  CHECK_FALSE(AuthAccepted(R"({"code":-101})"));
  // A heartbeat reply carries the popularity as a big-endian int32.
  const std::string heartbeat_reply("\x00\x00\x00\x14\x00\x10\x00\x01\x00\x00\x00\x03\x00\x00\x00\x01\x00\x00\x14\x83", 20);
  d = DecodeBilibili(heartbeat_reply);
  REQUIRE(d.packets.size() == 1);
  CHECK(d.packets[0].operation == kOpHeartbeatReply);
  CHECK(d.packets[0].body == std::string("\x00\x00\x14\x83", 4));
}

TEST_CASE("zlib and brotli bodies unpack into the packets nested inside", "[plugins][livestream]") {
  std::string inner;
  for (int i = 0; i < 3; ++i) inner += EncodeBilibili(kProtocolJson, kOpMessage, 0, kDanmaku);
  inner += EncodeBilibili(kProtocolJson, kOpMessage, 0, R"({"cmd":"SEND_GIFT","data":{}})");
  for (std::uint16_t protocol : {kProtocolZlib, kProtocolBrotli}) {
    const std::string body = protocol == kProtocolZlib ? ZlibCompress(inner) : BrotliCompress(inner);
    REQUIRE_FALSE(body.empty());
    const std::string packet = EncodeBilibili(protocol, kOpMessage, 0, body) +
                               EncodeBilibili(kProtocolPlain, kOpHeartbeatReply, 1, std::string("\0\0\0\x05", 4));
    BilibiliDecoded d = DecodeBilibili(packet);
    INFO("protocol " << protocol << ": " << d.error);
    CHECK(d.error.empty());
    REQUIRE(d.packets.size() == 5);
    int comments = 0;
    for (int i = 0; i < 4; ++i) comments += CommentOfCommand(d.packets[static_cast<std::size_t>(i)].body) ? 1 : 0;
    CHECK(comments == 3);
    CHECK(d.packets[4].operation == kOpHeartbeatReply);
  }
  // Compressed inside compressed, once: allowed; deeper: refused.
  const std::string twice = EncodeBilibili(kProtocolZlib, kOpMessage, 0,
      ZlibCompress(EncodeBilibili(kProtocolBrotli, kOpMessage, 0, BrotliCompress(inner))));
  CHECK(DecodeBilibili(twice).packets.size() == 4);
  const std::string thrice = EncodeBilibili(kProtocolZlib, kOpMessage, 0, ZlibCompress(twice));
  BilibiliDecoded deep = DecodeBilibili(thrice);
  CHECK(deep.error.find("nested too deeply") != std::string::npos);
}

TEST_CASE("malformed packets are rejected with a reason, keeping what came before", "[plugins][livestream]") {
  const std::string good = EncodeBilibili(kProtocolJson, kOpMessage, 1, kDanmaku);
  struct Case {
    const char* name;
    std::string bytes;
    const char* reason;
  };
  const std::string zlib_body = ZlibCompress(good);
  const std::string brotli_body = BrotliCompress(good);
  const std::vector<Case> cases = {
      {"truncated header", good.substr(0, 10), "truncated header"},
      {"truncated body", good.substr(0, good.size() - 3), "truncated: announces"},
      {"header length below 16", Byte(good, 5, 8), "header length 8 is below 16"},
      {"packet length below header", Byte(Byte(good, 2, 0), 3, 4), "below its header length"},
      {"huge length", Byte(good, 0, 0x7f), "exceeds the limit"},
      {"unknown protocol", Byte(good, 7, 9), "unknown protocol version 9"},
      {"corrupt zlib", EncodeBilibili(kProtocolZlib, kOpMessage, 0, "not zlib at all"), "zlib"},
      {"truncated zlib", EncodeBilibili(kProtocolZlib, kOpMessage, 0, zlib_body.substr(0, zlib_body.size() / 2)), "zlib"},
      {"corrupt brotli", EncodeBilibili(kProtocolBrotli, kOpMessage, 0, "\xff\xff\xff garbage"), "brotli"},
      {"truncated brotli", EncodeBilibili(kProtocolBrotli, kOpMessage, 0, brotli_body.substr(0, brotli_body.size() / 2)), "brotli"},
      {"garbage inside zlib", EncodeBilibili(kProtocolZlib, kOpMessage, 0, ZlibCompress("0123456789abcdefXYZ")), "inside the zlib body"},
  };
  for (const Case& c : cases) {
    BilibiliDecoded d = DecodeBilibili(good + c.bytes);
    INFO(c.name << ": " << d.error);
    CHECK(d.error.find(c.reason) != std::string::npos);
    CHECK(d.error.find("packet at byte " + std::to_string(good.size())) == 0);
    REQUIRE(d.packets.size() >= 1);  // the good one before it is kept
    CHECK(d.packets[0].body == kDanmaku);
  }
}

TEST_CASE("a zip bomb is cut at the decompression limit", "[plugins][livestream]") {
  const std::string zeros(8u << 20, '\0');
  BilibiliLimits limits;
  limits.max_decompressed_bytes = 1u << 20;
  BilibiliDecoded d = DecodeBilibili(EncodeBilibili(kProtocolZlib, kOpMessage, 0, ZlibCompress(zeros)), limits);
  CHECK(d.error.find("beyond 1048576 bytes") != std::string::npos);
  d = DecodeBilibili(EncodeBilibili(kProtocolBrotli, kOpMessage, 0, BrotliCompress(zeros)), limits);
  CHECK(d.error.find("beyond 1048576 bytes") != std::string::npos);
}

TEST_CASE("random and mutated bytes never crash the decoder", "[plugins][livestream]") {
  std::mt19937 rng(12345);
  const std::string seed = EncodeBilibili(kProtocolZlib, kOpMessage, 0,
                                          ZlibCompress(EncodeBilibili(kProtocolJson, kOpMessage, 0, kDanmaku)));
  for (int round = 0; round < 3000; ++round) {
    std::string bytes = seed;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < flips; ++i) bytes[rng() % bytes.size()] = static_cast<char>(rng() & 0xff);
    if (rng() % 3 == 0) bytes.resize(rng() % bytes.size());
    BilibiliDecoded d = DecodeBilibili(bytes);
    for (const BilibiliPacket& p : d.packets) (void)CommentOfCommand(p.body);
  }
  SUCCEED("no crash");
}

TEST_CASE("super chats become comments, other commands do not", "[plugins][livestream]") {
  auto sc = CommentOfCommand(
      R"({"cmd":"SUPER_CHAT_MESSAGE","data":{"id":8812,"uid":42,"message":"请问公积金提取要带什么材料？",)"
      R"("start_time":1700000100,"user_info":{"uname":"观众乙"}}})");
  REQUIRE(sc);
  CHECK(sc->uid == "42");
  CHECK(sc->uname == "观众乙");
  CHECK(sc->platform_id == "sc-8812");
  CHECK(sc->ts_ms == 1700000100000);
  CHECK(CommentOfCommand(R"({"cmd":"DANMU_MSG:4:0:2:2:2:0","info":[[0,0,0,0,5],"带后缀的命令也是弹幕",[7,"丙"]]})"));
  CHECK_FALSE(CommentOfCommand(R"({"cmd":"INTERACT_WORD","data":{"uid":1}})"));
  CHECK_FALSE(CommentOfCommand(R"({"cmd":"DANMU_MSG","info":"not a list"})"));
  CHECK_FALSE(CommentOfCommand(R"({"cmd":"DANMU_MSG","info":[[],"",[1,"x"]]})"));
  CHECK_FALSE(CommentOfCommand("not json"));
}

TEST_CASE("the client's auth and heartbeat packets", "[plugins][livestream]") {
  BilibiliDecoded auth = DecodeBilibili(BilibiliAuthPacket(22608112, 0, "secret-key"));
  REQUIRE(auth.packets.size() == 1);
  CHECK(auth.packets[0].protocol == kProtocolPlain);
  CHECK(auth.packets[0].operation == kOpAuth);
  CHECK(auth.packets[0].body.find(R"("roomid":22608112)") != std::string::npos);
  CHECK(auth.packets[0].body.find(R"("protover":3)") != std::string::npos);
  CHECK(auth.packets[0].body.find(R"("key":"secret-key")") != std::string::npos);
  BilibiliDecoded heartbeat = DecodeBilibili(BilibiliHeartbeatPacket());
  REQUIRE(heartbeat.packets.size() == 1);
  CHECK(heartbeat.packets[0].operation == kOpHeartbeat);
}

}  // namespace
}  // namespace rexian::live
