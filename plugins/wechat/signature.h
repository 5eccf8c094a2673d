// The SHA-1 signatures of WeChat's callback protocol.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rexian::wechat {

// sha1 of the parts sorted by bytes and concatenated, in lower-case hex:
// `signature` = Sign({token, timestamp, nonce}) for URL verification and
// every callback; `msg_signature` = Sign({token, timestamp, nonce, Encrypt})
// for encrypted messages and replies.
std::string Sign(std::vector<std::string_view> parts);

// Compares a received signature with the expected one in constant time
// (case-insensitive hex). False when the lengths differ.
bool SignatureMatches(std::string_view received, std::string_view expected);

}  // namespace rexian::wechat
