// MessageCipher: WeChat's message encryption (safe and compatible modes).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "wechat/expected.h"

namespace rexian::wechat {

// What one Encrypt element carries once decrypted.
struct DecryptedMessage {
  std::string xml;    // the message itself
  std::string appid;  // the official account it was encrypted for
};

// AES-256-CBC as WeChat's WXBizMsgCrypt samples define it: the key is the
// base64 decoding of the 43-character EncodingAESKey plus "=", the IV its
// first 16 bytes; the plaintext is 16 random bytes, the message length in 4
// bytes of network order, the message and the appid, padded PKCS#7-style to
// a multiple of 32 bytes; the ciphertext travels in base64. Immutable and
// thread-safe after Create.
class MessageCipher {
 public:
  // Fails unless `encoding_aes_key` is 43 base64 characters decoding to 32 bytes.
  static Expected<MessageCipher> Create(std::string_view encoding_aes_key);

  // Decrypts the base64 text of an Encrypt element. Fails (naming why) on
  // bad base64, a length that is not whole blocks, bad padding or a length
  // field that overruns the plaintext. Does not check the appid.
  Expected<DecryptedMessage> Decrypt(std::string_view encrypt_base64) const;

  // Encrypts `xml` for `appid` with the 16 bytes `random_prefix`, returning
  // base64 (the Encrypt element of a reply).
  std::string Encrypt(std::string_view xml, std::string_view appid,
                      std::string_view random_prefix) const;

  // Encrypt with 16 fresh random bytes.
  std::string Encrypt(std::string_view xml, std::string_view appid) const;

 private:
  MessageCipher() = default;
  std::array<unsigned char, 32> key_{};
};

// Standard base64 with padding.
std::string Base64Encode(std::string_view bytes);
// Strict standard base64 (length a multiple of 4, padding only at the end).
Expected<std::string> Base64Decode(std::string_view text);

}  // namespace rexian::wechat
