// Signature and MessageCipher against WeChat's published sample vectors.
#include <catch2/catch.hpp>

#include "official_vectors.h"
#include "wechat/message_cipher.h"
#include "wechat/signature.h"
#include "wechat/wechat_xml.h"

namespace rexian::wechat {
namespace {

using namespace testing;

TEST_CASE("msg_signature of the Python sample matches", "[plugins][wechat]") {
  CHECK(Sign({kPyToken, kPyTimestamp, kPyNonce, kPyEncrypt}) == kPyMsgSignature);
  // Order of the parts does not matter: they are sorted.
  CHECK(Sign({kPyEncrypt, kPyNonce, kPyToken, kPyTimestamp}) == kPyMsgSignature);
  CHECK(SignatureMatches(kPyMsgSignature, Sign({kPyToken, kPyTimestamp, kPyNonce, kPyEncrypt})));
  CHECK(SignatureMatches("5D197AAFFBA7E9B25A30732F161A50DEE96BD5FA", kPyMsgSignature));
  CHECK_FALSE(SignatureMatches("5d197aaffba7e9b25a30732f161a50dee96bd5fb", kPyMsgSignature));
  CHECK_FALSE(SignatureMatches("", kPyMsgSignature));
  CHECK_FALSE(SignatureMatches(kPyMsgSignature, ""));
}

TEST_CASE("the Python sample's Encrypt decrypts to its text message", "[plugins][wechat]") {
  auto cipher = MessageCipher::Create(kPyEncodingAesKey);
  REQUIRE(cipher.ok());
  auto plain = cipher->Decrypt(kPyEncrypt);
  REQUIRE(plain.ok());
  CHECK(plain->appid == kPyAppId);
  auto fields = ParseWechatXml(plain->xml);
  REQUIRE(fields.ok());
  CHECK(fields->Get("MsgType") == "text");
  CHECK(fields->Get("FromUserName") == "oyORnuP8q7ou2gfYjqLzSIWZf0rs");
  CHECK(fields->Get("ToUserName") == "gh_10f6c3c3ac5a");
  CHECK(fields->Get("Content") == "abcdteT");
  CHECK(fields->Get("MsgId") == "6054768590064713728");
}

TEST_CASE("the Java sample's deterministic encryption is reproduced", "[plugins][wechat]") {
  auto cipher = MessageCipher::Create(kJavaEncodingAesKey);
  REQUIRE(cipher.ok());
  CHECK(cipher->Encrypt(kJavaReply, kJavaAppId, kJavaRandom) == kJavaEncrypted);
  auto back = cipher->Decrypt(kJavaEncrypted);
  REQUIRE(back.ok());
  CHECK(back->xml == kJavaReply);
  CHECK(back->appid == kJavaAppId);
}

TEST_CASE("encrypt and decrypt round-trip at every padding length", "[plugins][wechat]") {
  auto cipher = MessageCipher::Create(kJavaEncodingAesKey);
  REQUIRE(cipher.ok());
  std::string xml;
  for (int n = 0; n < 70; ++n) {
    auto back = cipher->Decrypt(cipher->Encrypt(xml, "wx0123456789abcdef"));
    REQUIRE(back.ok());
    CHECK(back->xml == xml);
    CHECK(back->appid == "wx0123456789abcdef");
    xml.push_back(static_cast<char>('a' + n % 26));
  }
}

TEST_CASE("bad keys and bad ciphertexts are refused with a reason", "[plugins][wechat]") {
  CHECK_FALSE(MessageCipher::Create("short").ok());
  CHECK_FALSE(MessageCipher::Create("abcdefghijklmnopqrstuvwxyz0123456789ABCDE!G").ok());
  auto cipher = MessageCipher::Create(kPyEncodingAesKey);
  REQUIRE(cipher.ok());
  CHECK_FALSE(cipher->Decrypt("").ok());
  CHECK_FALSE(cipher->Decrypt("not base64 at all").ok());
  CHECK_FALSE(cipher->Decrypt("AAAA").ok());  // 3 bytes: not whole AES blocks
  // Right length, wrong key: the padding check fails (or the length overruns).
  auto other = MessageCipher::Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg");
  REQUIRE(other.ok());
  auto wrong = other->Decrypt(kPyEncrypt);
  if (wrong.ok()) CHECK(wrong->appid != kPyAppId);
}

TEST_CASE("base64 is strict", "[plugins][wechat]") {
  CHECK(Base64Encode("我是") == "5oiR5piv");
  CHECK(*Base64Decode("5oiR5piv") == "我是");
  CHECK(*Base64Decode("YQ==") == "a");
  CHECK_FALSE(Base64Decode("YQ=a").ok());
  CHECK_FALSE(Base64Decode("Y=Q=").ok());
  CHECK_FALSE(Base64Decode("YQ").ok());
}

}  // namespace
}  // namespace rexian::wechat
