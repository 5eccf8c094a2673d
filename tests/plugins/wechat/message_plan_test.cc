// XML reading, reply rendering and PlanMessage for every message type.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "wechat/message_plan.h"
#include "wechat/wechat_xml.h"

namespace rexian::wechat {
namespace {

namespace json = boost::json;

const char* kOpenId = "oyORnuP8q7ou2gfYjqLzSIWZf0rs";

XmlFields Parse(const std::string& xml) {
  auto fields = ParseWechatXml(xml);
  INFO(xml);
  REQUIRE(fields.ok());
  return *fields;
}

std::string Message(const std::string& type, const std::string& body, const std::string& msg_id = "6054768590064713728") {
  return "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[" +
         std::string(kOpenId) + "]]></FromUserName><CreateTime>1409735668</CreateTime><MsgType><![CDATA[" +
         type + "]]></MsgType>" + body + (msg_id.empty() ? "" : "<MsgId>" + msg_id + "</MsgId>") + "</xml>";
}

MessageContext Context() {
  MessageContext c;
  c.channel = "wechat";
  c.appid = "wx2c2769f8efd9abc2";
  c.received_at = "2026-11-27T20:00:00+08:00";
  return c;
}

json::object ContactOf(const MessagePlan& plan) {
  REQUIRE(plan.handling == Handling::kSubmit);
  return json::parse(plan.contact_json).as_object();
}

TEST_CASE("ParseWechatXml reads CDATA and plain children and refuses the rest", "[plugins][wechat]") {
  auto fields = Parse("<xml><A><![CDATA[x]]]]><![CDATA[>y]]></A><B>12</B><B>13</B><C/></xml>");
  CHECK(fields.Get("A") == "x]]>y");
  CHECK(fields.Get("B") == "12");
  CHECK(fields.Has("C"));
  CHECK(fields.Get("missing").empty());
  CHECK_FALSE(ParseWechatXml("<xml><A>").ok());
  CHECK_FALSE(ParseWechatXml("<root/>").ok());
  CHECK_FALSE(ParseWechatXml("").ok());
  CHECK(ParseWechatXml("<xml><A>").error().find("malformed XML") == 0);
  // An external entity is never fetched or expanded.
  auto xxe = ParseWechatXml(
      "<!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><A>&e;</A></xml>");
  if (xxe.ok()) CHECK(xxe->Get("A").find("root:") == std::string::npos);
}

TEST_CASE("a passive reply round-trips through the parser", "[plugins][wechat]") {
  const std::string xml = RenderTextReply(kOpenId, "gh_1", 1409735669, "工单号 ]]> 3203-2026-0000001");
  auto fields = Parse(xml);
  CHECK(fields.Get("ToUserName") == kOpenId);
  CHECK(fields.Get("FromUserName") == "gh_1");
  CHECK(fields.Get("CreateTime") == "1409735669");
  CHECK(fields.Get("MsgType") == "text");
  CHECK(fields.Get("Content") == "工单号 ]]> 3203-2026-0000001");
  auto envelope = Parse(RenderEncryptedReply("abc=", "sig", "1409735669", "123"));
  CHECK(envelope.Get("Encrypt") == "abc=");
  CHECK(envelope.Get("MsgSignature") == "sig");
  CHECK(envelope.Get("TimeStamp") == "1409735669");
  CHECK(envelope.Get("Nonce") == "123");
}

TEST_CASE("a text opens a request keyed by appid and MsgId", "[plugins][wechat]") {
  MessagePlan plan = PlanMessage(Parse(Message("text", "<Content><![CDATA[小区路灯不亮]]></Content>")), Context());
  CHECK(plan.counter == "message_text");
  CHECK(plan.channel_message_id == "wx2c2769f8efd9abc2:6054768590064713728");
  json::object c = ContactOf(plan);
  CHECK(c.at("channel") == "wechat");
  CHECK(c.at("channel_message_id") == "wx2c2769f8efd9abc2:6054768590064713728");
  CHECK(c.at("text") == "小区路灯不亮");
  CHECK(c.at("citizen").at("id") == kOpenId);
  CHECK(c.at("citizen").at("wechat_openid") == kOpenId);
  CHECK(c.at("received_at") == "2026-11-27T20:00:00+08:00");
  CHECK_FALSE(c.contains("follow_up_of"));
  CHECK_FALSE(plan.follow_up);
}

TEST_CASE("a message within the window follows up the current ticket", "[plugins][wechat]") {
  MessageContext context = Context();
  context.current_ticket = "3203-2026-0000042";
  context.last_location = ReportedLocation{34.26, 117.18, ""};
  MessagePlan plan = PlanMessage(Parse(Message("text", "<Content>还有噪音</Content>")), context);
  json::object c = ContactOf(plan);
  CHECK(plan.follow_up);
  CHECK(c.at("follow_up_of") == "3203-2026-0000042");
  CHECK(c.at("extra").at("client_location").at("lat").as_double() == Approx(34.26));
}

TEST_CASE("media are referenced as attachments", "[plugins][wechat]") {
  SECTION("image") {
    json::object c = ContactOf(PlanMessage(
        Parse(Message("image", "<PicUrl>http://mmbiz.qpic.cn/x.jpg</PicUrl><MediaId>m1</MediaId>")), Context()));
    CHECK(c.at("text") == "[图片]");
    CHECK(c.at("attachments").at(0).at("kind") == "image");
    CHECK(c.at("attachments").at(0).at("ref") == "http://mmbiz.qpic.cn/x.jpg");
    CHECK(c.at("extra").at("media_id") == "m1");
  }
  SECTION("voice with recognition") {
    MessagePlan plan = PlanMessage(
        Parse(Message("voice", "<MediaId>v1</MediaId><Format>amr</Format><Recognition>井盖丢了</Recognition>")),
        Context());
    CHECK(plan.counter == "message_voice");
    json::object c = ContactOf(plan);
    CHECK(c.at("text") == "井盖丢了");
    CHECK(c.at("attachments").at(0).at("kind") == "voice");
    CHECK(c.at("attachments").at(0).at("ref") == "wechat-media:v1");
  }
  SECTION("video and shortvideo") {
    for (const char* type : {"video", "shortvideo"}) {
      MessagePlan plan = PlanMessage(
          Parse(Message(type, "<MediaId>d1</MediaId><ThumbMediaId>t1</ThumbMediaId>")), Context());
      CHECK(plan.counter == "message_video");
      json::object c = ContactOf(plan);
      CHECK(c.at("attachments").at(0).at("kind") == "video");
      CHECK(c.at("extra").at("thumb_media_id") == "t1");
    }
  }
  SECTION("link") {
    json::object c = ContactOf(PlanMessage(
        Parse(Message("link", "<Title>占道经营</Title><Description>见图</Description><Url>https://e.x/1</Url>")),
        Context()));
    CHECK(c.at("text") == "占道经营\n见图");
    CHECK(c.at("attachments").at(0).at("kind") == "link");
    CHECK(c.at("attachments").at(0).at("ref") == "https://e.x/1");
    CHECK(c.at("attachments").at(0).at("name") == "占道经营");
  }
}

TEST_CASE("a location message carries lat, lon and label", "[plugins][wechat]") {
  MessagePlan plan = PlanMessage(
      Parse(Message("location", "<Location_X>34.2610</Location_X><Location_Y>117.1850</Location_Y>"
                                "<Scale>20</Scale><Label>徐州市云龙区和平路</Label>")),
      Context());
  json::object c = ContactOf(plan);
  CHECK(c.at("location").at("lat").as_double() == Approx(34.261));
  CHECK(c.at("location").at("lon").as_double() == Approx(117.185));
  CHECK(c.at("location").at("address") == "徐州市云龙区和平路");
  REQUIRE(plan.remember_location);
  CHECK(plan.remember_location->label == "徐州市云龙区和平路");
  // Out of range coordinates are dropped, the label kept.
  json::object bad = ContactOf(PlanMessage(
      Parse(Message("location", "<Location_X>134</Location_X><Location_Y>x</Location_Y><Label>某处</Label>")),
      Context()));
  CHECK_FALSE(bad.at("location").as_object().contains("lat"));
}

TEST_CASE("events map to welcome, menu or acknowledgement", "[plugins][wechat]") {
  auto event = [](const std::string& name, const std::string& more = "") {
    return PlanMessage(Parse(Message("event", "<Event><![CDATA[" + name + "]]></Event>" + more, "")), Context());
  };
  CHECK(event("subscribe").handling == Handling::kWelcome);
  CHECK(event("subscribe").counter == "event_subscribe");
  CHECK(event("SCAN", "<EventKey>123</EventKey>").handling == Handling::kWelcome);
  CHECK(event("SCAN").counter == "event_scan");
  CHECK(event("CLICK", "<EventKey>MY_TICKET</EventKey>").handling == Handling::kMenu);
  CHECK(event("unsubscribe").handling == Handling::kAcknowledge);
  CHECK(event("VIEW", "<EventKey>https://x</EventKey>").handling == Handling::kAcknowledge);
  CHECK(event("TEMPLATESENDJOBFINISH").counter == "event_other");
  MessagePlan location = event("LOCATION", "<Latitude>34.26</Latitude><Longitude>117.18</Longitude><Precision>10</Precision>");
  CHECK(location.handling == Handling::kAcknowledge);
  REQUIRE(location.remember_location);
  CHECK(location.remember_location->lon == Approx(117.18));
  CHECK(event("subscribe").channel_message_id == std::string("wx2c2769f8efd9abc2:") + kOpenId + ":1409735668");
}

TEST_CASE("unknown message types are acknowledged, broken ones still submitted", "[plugins][wechat]") {
  MessagePlan other = PlanMessage(Parse(Message("miniprogrampage", "<Title>x</Title>")), Context());
  CHECK(other.handling == Handling::kAcknowledge);
  CHECK(other.counter == "message_other");
  // An empty Content breaks the contact schema: intake will quarantine it.
  MessagePlan empty = PlanMessage(Parse(Message("text", "<Content></Content>")), Context());
  CHECK(empty.handling == Handling::kSubmit);
  CHECK(ContactOf(empty).at("text") == "");
}

}  // namespace
}  // namespace rexian::wechat
