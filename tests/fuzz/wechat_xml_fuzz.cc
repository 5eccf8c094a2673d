// Fuzz target: a WeChat callback body through ParseWechatXml and
// PlanMessage; a passive reply rendered from its fields must parse back.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "wechat/message_plan.h"
#include "wechat/wechat_xml.h"

using namespace rexian::wechat;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  auto fields = ParseWechatXml(body);
  if (!fields.ok()) return 0;
  MessageContext context;
  context.channel = "wechat";
  context.appid = "wxfuzz0000000001";
  context.received_at = "2026-01-01T00:00:00+08:00";
  context.current_ticket = "3203-2026-0000001";
  MessagePlan plan = PlanMessage(*fields, context);
  if (plan.handling == Handling::kSubmit && plan.contact_json.empty()) std::abort();
  // Whatever the citizen sent, the reply built from it is well-formed XML
  // that reads back the same (CDATA escaping of "]]>" included), as long as
  // the text is valid for XML at all (no control characters; no CR, which
  // the parser normalises to LF).
  const std::string& content = fields->Get("Content");
  bool xml_safe = true;
  for (unsigned char c : content) {
    if ((c < 0x20 && c != '\t' && c != '\n') || c == '\r') xml_safe = false;
  }
  if (!xml_safe) return 0;
  auto back = ParseWechatXml(RenderTextReply("to", "from", 1, content));
  if (!back.ok() || back->Get("Content") != content) std::abort();
  return 0;
}
