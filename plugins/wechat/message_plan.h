// PlanMessage: what the hotline does with one decrypted WeChat message or
// event. Pure: no I/O, no clock; the caller acts on the plan.
#pragma once

#include <optional>
#include <string>

#include "wechat/citizen_memory.h"
#include "wechat/wechat_xml.h"

namespace rexian::wechat {

enum class Handling {
  kSubmit,       // submit `contact_json`; the passive reply carries the ticket number
  kWelcome,      // subscribe / SCAN: the welcome text
  kMenu,         // CLICK: the citizen's current ticket, or the menu text
  kAcknowledge,  // answer `success`, count, nothing else
};

// What the plan needs to know besides the message.
struct MessageContext {
  std::string channel;      // the instance's channel
  std::string appid;        // the account the message came to
  std::string received_at;  // RFC 3339, when the callback arrived
  std::optional<std::string> current_ticket;  // the sender's ticket within the follow-up window
  std::optional<ReportedLocation> last_location;  // the sender's last LOCATION event
};

struct MessagePlan {
  Handling handling = Handling::kAcknowledge;
  // Counter name: "message_<type>" or "event_<event>" for known ones,
  // "message_other" / "event_other" otherwise.
  std::string counter;
  std::string openid;              // FromUserName
  std::string account_id;          // ToUserName (the account's gh_ id)
  std::string channel_message_id;  // "<appid>:<MsgId>", events "<appid>:<FromUserName>:<CreateTime>"
  std::string contact_json;        // kSubmit: a contact per schemas/contact.schema.json
  bool follow_up = false;          // kSubmit: names context.current_ticket in follow_up_of
  std::optional<ReportedLocation> remember_location;  // LOCATION event / location message
};

// Maps one message:
//  - text → a contact with its Content; image, voice, video, shortvideo →
//    a contact referencing the media (PicUrl or "wechat-media:<MediaId>"; a
//    voice's Recognition becomes the text); link → the title and
//    description with the URL as attachment; location → a contact with
//    location (lat/lon as WeChat sends them, GCJ-02 in mainland China, and
//    the Label as address). Each follows up the current ticket when there
//    is one (follow_up_of), else opens a request; intake also honours a
//    ticket number quoted in the text.
//  - subscribe, SCAN → kWelcome; CLICK → kMenu; unsubscribe, VIEW, LOCATION
//    (remembered) and anything else → kAcknowledge.
// A contact that breaks the schema (an empty Content, say) is still
// planned: intake refuses and quarantines it, so nothing is lost silently.
MessagePlan PlanMessage(const XmlFields& message, const MessageContext& context);

}  // namespace rexian::wechat
