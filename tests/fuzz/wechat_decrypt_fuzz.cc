// Fuzz target: the safe-mode path of a WeChat callback. The first byte
// picks the mode:
//   even: the rest is the text of an Encrypt element; its msg_signature is
//         computed and checked, then it is decrypted and the XML parsed
//         (must never crash, whatever the bytes);
//   odd:  the rest is a plaintext message; encrypting and decrypting it
//         must give it back with the appid (an invariant, not just no crash).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "wechat/message_cipher.h"
#include "wechat/signature.h"
#include "wechat/wechat_xml.h"

using namespace rexian::wechat;

namespace {

const MessageCipher& Cipher() {
  static const MessageCipher cipher = *MessageCipher::Create("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
  return cipher;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    const std::string expected = Sign({"spamtest", "1409735669", "1320562132", rest});
    if (!SignatureMatches(expected, Sign({rest, "1320562132", "1409735669", "spamtest"}))) std::abort();
    auto plain = Cipher().Decrypt(rest);
    if (plain.ok()) (void)ParseWechatXml(plain->xml);
    return 0;
  }
  const std::string encrypted = Cipher().Encrypt(rest, "wx2c2769f8efd9abc2", "0123456789abcdef");
  auto back = Cipher().Decrypt(encrypted);
  if (!back.ok() || back->xml != rest || back->appid != "wx2c2769f8efd9abc2") std::abort();
  return 0;
}
