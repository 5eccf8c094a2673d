// ParseCallbackQuery: the few parameters WeChat adds to a callback URL.
#include "wechat/callback_query.h"

namespace rexian::wechat {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

CallbackQuery ParseCallbackQuery(std::string_view query) {
  CallbackQuery q;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    std::size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string value = eq == std::string_view::npos ? "" : Unescape(pair.substr(eq + 1));
    if (key == "signature") q.signature = value;
    if (key == "timestamp") q.timestamp = value;
    if (key == "nonce") q.nonce = value;
    if (key == "echostr") q.echostr = value;
    if (key == "msg_signature") q.msg_signature = value;
    if (key == "encrypt_type") q.encrypt_type = value;
  }
  return q;
}

}  // namespace rexian::wechat
