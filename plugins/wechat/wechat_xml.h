// The XML of WeChat callbacks: reading a message, writing passive replies.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "wechat/expected.h"

namespace rexian::wechat {

// The direct children of a callback's <xml> root, by element name, with
// their text (CDATA or plain). A message is flat, so nothing else is kept;
// an element given twice keeps its first value.
class XmlFields {
 public:
  // The element's text, or "" when absent.
  const std::string& Get(const std::string& name) const;
  bool Has(const std::string& name) const { return fields_.count(name) > 0; }
  void Set(const std::string& name, std::string value) { fields_.emplace(name, std::move(value)); }
  std::size_t size() const { return fields_.size(); }

 private:
  std::map<std::string, std::string> fields_;
};

// Parses a callback body. Fails (naming why) when it is not well-formed XML
// or its root is not <xml>. No DTD or entity expansion beyond XML's five.
Expected<XmlFields> ParseWechatXml(std::string_view body);

// A passive text reply (MsgType text) from the account `from` to the
// citizen `to`, created at `create_time` (Unix seconds).
std::string RenderTextReply(std::string_view to, std::string_view from, std::int64_t create_time,
                            std::string_view content);

// The envelope of an encrypted reply: Encrypt, MsgSignature, TimeStamp, Nonce.
std::string RenderEncryptedReply(std::string_view encrypt, std::string_view msg_signature,
                                 std::string_view timestamp, std::string_view nonce);

// `text` as CDATA content: "]]>" is split across two CDATA sections.
std::string CData(std::string_view text);

}  // namespace rexian::wechat
