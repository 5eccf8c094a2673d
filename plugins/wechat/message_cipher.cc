// MessageCipher over OpenSSL EVP (AES-256-CBC without EVP's own padding:
// WeChat pads to 32 bytes, not to the AES block of 16).
#include "wechat/message_cipher.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

namespace rexian::wechat {
namespace {

constexpr std::size_t kPadBlock = 32;
constexpr std::size_t kRandomBytes = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

bool IsBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// AES-256-CBC fetched once, as Sha1() in signature.cc.
const EVP_CIPHER* Aes256Cbc() {
  static EVP_CIPHER* const cipher = EVP_CIPHER_fetch(nullptr, "AES-256-CBC", nullptr);
  return cipher;
}

// Runs AES-256-CBC over whole blocks in one direction.
bool Crypt(const std::array<unsigned char, 32>& key, bool encrypt, std::string_view in,
           std::string* out) {
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx || EVP_CipherInit_ex(ctx.get(), Aes256Cbc(), nullptr, key.data(), key.data(),
                                encrypt ? 1 : 0) != 1) {
    return false;
  }
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  out->assign(in.size() + 32, '\0');
  int written = 0, final_written = 0;
  auto* dest = reinterpret_cast<unsigned char*>(out->data());
  if (EVP_CipherUpdate(ctx.get(), dest, &written, Bytes(in), static_cast<int>(in.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), dest + written, &final_written) != 1) {
    return false;
  }
  out->resize(static_cast<std::size_t>(written + final_written));
  return true;
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), Bytes(bytes),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

Expected<std::string> Base64Decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return Failure{"base64 length is not a multiple of 4"};
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '=') {
      if (i + 2 < text.size()) return Failure{"base64 padding before the end"};
      ++padding;
    } else if (padding > 0 || !IsBase64Char(c)) {
      return Failure{"invalid base64 character"};
    }
  }
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), Bytes(text),
                          static_cast<int>(text.size()));
  if (n < 0) return Failure{"invalid base64"};
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

Expected<MessageCipher> MessageCipher::Create(std::string_view encoding_aes_key) {
  if (encoding_aes_key.size() != 43) {
    return Failure{"encoding_aes_key: expected 43 characters (the EncodingAESKey)"};
  }
  auto key = Base64Decode(std::string(encoding_aes_key) + "=");
  if (!key.ok() || key->size() != 32) {
    return Failure{"encoding_aes_key: not the base64 text of a 32-byte key"};
  }
  MessageCipher cipher;
  std::copy(key->begin(), key->end(), cipher.key_.begin());
  return cipher;
}

Expected<DecryptedMessage> MessageCipher::Decrypt(std::string_view encrypt_base64) const {
  auto ciphertext = Base64Decode(encrypt_base64);
  if (!ciphertext.ok()) return Failure{"Encrypt: " + ciphertext.error()};
  if (ciphertext->empty() || ciphertext->size() % 16 != 0) {
    return Failure{"Encrypt: ciphertext is not whole AES blocks"};
  }
  std::string plain;
  if (!Crypt(key_, false, *ciphertext, &plain)) return Failure{"Encrypt: AES decryption failed"};
  const std::size_t pad = static_cast<unsigned char>(plain.back());
  if (pad < 1 || pad > kPadBlock || pad > plain.size()) return Failure{"Encrypt: bad padding"};
  plain.resize(plain.size() - pad);
  if (plain.size() < kRandomBytes + 4) return Failure{"Encrypt: plaintext too short"};
  const auto* p = Bytes(plain) + kRandomBytes;
  const std::size_t length = (std::size_t{p[0]} << 24) | (std::size_t{p[1]} << 16) |
                             (std::size_t{p[2]} << 8) | std::size_t{p[3]};
  const std::size_t start = kRandomBytes + 4;
  if (length > plain.size() - start) return Failure{"Encrypt: message length overruns the plaintext"};
  DecryptedMessage out;
  out.xml = plain.substr(start, length);
  out.appid = plain.substr(start + length);
  return out;
}

std::string MessageCipher::Encrypt(std::string_view xml, std::string_view appid,
                                   std::string_view random_prefix) const {
  std::string plain(random_prefix.substr(0, kRandomBytes));
  plain.resize(kRandomBytes, '0');
  const std::size_t length = xml.size();
  for (int shift : {24, 16, 8, 0}) plain.push_back(static_cast<char>((length >> shift) & 0xff));
  plain.append(xml);
  plain.append(appid);
  const std::size_t pad = kPadBlock - plain.size() % kPadBlock;
  plain.append(pad, static_cast<char>(pad));
  std::string ciphertext;
  Crypt(key_, true, plain, &ciphertext);
  return Base64Encode(ciphertext);
}

std::string MessageCipher::Encrypt(std::string_view xml, std::string_view appid) const {
  unsigned char random[kRandomBytes];
  RAND_bytes(random, sizeof random);
  return Encrypt(xml, appid, std::string_view(reinterpret_cast<const char*>(random), sizeof random));
}

}  // namespace rexian::wechat
