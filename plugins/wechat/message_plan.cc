// PlanMessage: WeChat message types to contacts and replies.
#include "wechat/message_plan.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

namespace rexian::wechat {
namespace {

namespace json = boost::json;

std::optional<double> Coordinate(const std::string& text, double limit) {
  double d = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(d) ||
      std::fabs(d) > limit) {
    return std::nullopt;
  }
  return d;
}

bool IsOpenId(const std::string& s) {
  if (s.size() < 6 || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
          c == '-')) {
      return false;
    }
  }
  return true;
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

json::object Attachment(const char* kind, const std::string& ref) {
  return json::object{{"kind", kind}, {"ref", ref}};
}

std::string MediaRef(const std::string& media_id) { return "wechat-media:" + media_id; }

// Fills text, attachments, location and extra of `contact` for a message
// type; false for a type that opens no request.
bool DescribeMessage(const std::string& type, const XmlFields& m, json::object* contact,
                     std::optional<ReportedLocation>* remember) {
  json::object& c = *contact;
  json::object extra{{"msg_type", type}};
  json::array attachments;
  if (type == "text") {
    c["text"] = m.Get("Content");
  } else if (type == "image") {
    c["text"] = "[图片]";
    attachments.push_back(
        Attachment("image", m.Get("PicUrl").empty() ? MediaRef(m.Get("MediaId")) : m.Get("PicUrl")));
    extra["media_id"] = m.Get("MediaId");
  } else if (type == "voice") {
    c["text"] = m.Get("Recognition").empty() ? std::string("[语音]") : m.Get("Recognition");
    attachments.push_back(Attachment("voice", MediaRef(m.Get("MediaId"))));
    extra["format"] = m.Get("Format");
  } else if (type == "video" || type == "shortvideo") {
    c["text"] = "[视频]";
    attachments.push_back(Attachment("video", MediaRef(m.Get("MediaId"))));
    extra["thumb_media_id"] = m.Get("ThumbMediaId");
  } else if (type == "location") {
    const std::string& label = m.Get("Label");
    c["text"] = label.empty() ? std::string("[位置]") : "[位置] " + label;
    auto lat = Coordinate(m.Get("Location_X"), 90);
    auto lon = Coordinate(m.Get("Location_Y"), 180);
    json::object location;
    if (!label.empty()) location["address"] = label.substr(0, 500);
    if (lat && lon) {
      location["lat"] = *lat;
      location["lon"] = *lon;
      *remember = ReportedLocation{*lat, *lon, label};
    }
    if (!location.empty()) c["location"] = std::move(location);
    extra["scale"] = m.Get("Scale");
    extra["coordinates"] = "gcj02";
  } else if (type == "link") {
    std::string text = m.Get("Title");
    if (!m.Get("Description").empty()) text += (text.empty() ? "" : "\n") + m.Get("Description");
    c["text"] = text.empty() ? std::string("[链接]") : text;
    json::object link = Attachment("link", m.Get("Url"));
    if (!m.Get("Title").empty()) link["name"] = m.Get("Title").substr(0, 255);
    attachments.push_back(std::move(link));
  } else {
    return false;
  }
  if (!attachments.empty()) c["attachments"] = std::move(attachments);
  c["extra"] = std::move(extra);
  return true;
}

}  // namespace

MessagePlan PlanMessage(const XmlFields& message, const MessageContext& context) {
  MessagePlan plan;
  plan.openid = message.Get("FromUserName");
  plan.account_id = message.Get("ToUserName");
  const std::string type = Lower(message.Get("MsgType"));
  plan.channel_message_id = context.appid + ":" + plan.openid + ":" + message.Get("CreateTime");

  if (type == "event") {
    const std::string event = Lower(message.Get("Event"));
    const bool known = event == "subscribe" || event == "unsubscribe" || event == "click" ||
                       event == "view" || event == "scan" || event == "location";
    plan.counter = known ? "event_" + event : "event_other";
    if (event == "subscribe" || event == "scan") {
      plan.handling = Handling::kWelcome;
    } else if (event == "click") {
      plan.handling = Handling::kMenu;
    } else if (event == "location") {
      auto lat = Coordinate(message.Get("Latitude"), 90);
      auto lon = Coordinate(message.Get("Longitude"), 180);
      if (lat && lon) plan.remember_location = ReportedLocation{*lat, *lon, ""};
    }
    return plan;
  }

  if (!message.Get("MsgId").empty()) plan.channel_message_id = context.appid + ":" + message.Get("MsgId");
  json::object contact{{"channel", context.channel},
                       {"channel_message_id", plan.channel_message_id},
                       {"received_at", context.received_at}};
  json::object citizen{{"id", plan.openid}};
  if (IsOpenId(plan.openid)) citizen["wechat_openid"] = plan.openid;
  contact["citizen"] = std::move(citizen);
  const std::string counted = type == "shortvideo" ? "video" : type;
  if (!DescribeMessage(type, message, &contact, &plan.remember_location)) {
    plan.counter = "message_other";
    return plan;
  }
  plan.counter = "message_" + counted;
  if (context.current_ticket) {
    contact["follow_up_of"] = *context.current_ticket;
    plan.follow_up = true;
  }
  if (context.last_location && !contact.contains("location")) {
    contact["extra"].as_object()["client_location"] =
        json::object{{"lat", context.last_location->lat}, {"lon", context.last_location->lon}};
  }
  plan.handling = Handling::kSubmit;
  plan.contact_json = json::serialize(contact);
  return plan;
}

}  // namespace rexian::wechat
