// CallbackQuery: the parameters WeChat adds to a callback URL.
#pragma once

#include <string>
#include <string_view>

namespace rexian::wechat {

// The parameters the plugin reads; the others (openid, ...) are ignored.
struct CallbackQuery {
  std::string signature, timestamp, nonce, echostr, msg_signature, encrypt_type;
};

// Reads a raw query string ("a=1&b=%2B"): percent-decoded, '+' as space,
// the last occurrence of a parameter winning; a malformed escape is kept as
// it is.
CallbackQuery ParseCallbackQuery(std::string_view query);

}  // namespace rexian::wechat
