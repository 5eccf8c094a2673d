// ParseWechatXml over pugixml, and the reply templates.
#include "wechat/wechat_xml.h"

#include <pugixml.hpp>

namespace rexian::wechat {

const std::string& XmlFields::Get(const std::string& name) const {
  static const std::string kEmpty;
  auto it = fields_.find(name);
  return it == fields_.end() ? kEmpty : it->second;
}

Expected<XmlFields> ParseWechatXml(std::string_view body) {
  pugi::xml_document doc;
  // parse_default expands only XML's predefined entities and character
  // references; a DOCTYPE is skipped, never fetched.
  pugi::xml_parse_result parsed =
      doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return Failure{std::string("malformed XML: ") + parsed.description() + " at offset " +
                   std::to_string(parsed.offset)};
  }
  pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "xml") return Failure{"malformed XML: the root is not <xml>"};
  XmlFields fields;
  for (pugi::xml_node child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    std::string text;
    for (pugi::xml_node part : child.children()) {
      if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) text += part.value();
    }
    fields.Set(child.name(), std::move(text));
  }
  return fields;
}

std::string CData(std::string_view text) {
  std::string out = "<![CDATA[";
  std::size_t start = 0;
  for (std::size_t at = text.find("]]>"); at != std::string_view::npos; at = text.find("]]>", start)) {
    out.append(text.substr(start, at - start + 2));
    out.append("]]><![CDATA[");
    start = at + 2;
  }
  out.append(text.substr(start));
  out.append("]]>");
  return out;
}

std::string RenderTextReply(std::string_view to, std::string_view from, std::int64_t create_time,
                            std::string_view content) {
  return "<xml><ToUserName>" + CData(to) + "</ToUserName><FromUserName>" + CData(from) +
         "</FromUserName><CreateTime>" + std::to_string(create_time) +
         "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>" + CData(content) +
         "</Content></xml>";
}

std::string RenderEncryptedReply(std::string_view encrypt, std::string_view msg_signature,
                                 std::string_view timestamp, std::string_view nonce) {
  return "<xml><Encrypt>" + CData(encrypt) + "</Encrypt><MsgSignature>" + CData(msg_signature) +
         "</MsgSignature><TimeStamp>" + std::string(timestamp) + "</TimeStamp><Nonce>" +
         CData(nonce) + "</Nonce></xml>";
}

}  // namespace rexian::wechat
