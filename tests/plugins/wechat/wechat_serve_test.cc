// End to end: WeChat callbacks into a real `rexian serve` with the plugin,
// a fake WeChat API on loopback for customer-service messages.
#include <regex>

#include "wechat_serve_fixture.h"

namespace rexian::wechat::testing {
namespace {

namespace json = boost::json;

// One server for the whole executable: starting serve takes a second.
WechatServe& Serve() {
  static WechatServe serve;
  return serve;
}

XmlFields Reply(const HttpClientResponse& r) {
  INFO(r.status << " " << r.body);
  REQUIRE(r.status == 200);
  auto fields = ParseWechatXml(r.body);
  REQUIRE(fields.ok());
  return *fields;
}

std::string TicketNumberIn(const std::string& text) {
  std::smatch m;
  if (std::regex_search(text, m, std::regex("[0-9]{4,6}-[0-9]{4}-[0-9]{7}"))) return m.str();
  return "";
}

json::object Ticket(const std::string& number) {
  HttpClientResponse r;
  for (int i = 0; i < 200; ++i) {
    r = Serve().Get("/v1/tickets/ticket-" + number, kOperatorToken);
    if (r.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  INFO(r.body);
  REQUIRE(r.status == 200);
  return json::parse(r.body).as_object();
}

std::int64_t ContactsAdded(const std::string& number) {
  json::object t = Ticket(number);
  return t.at("counts").at("contacts_added").to_number<std::int64_t>();
}

// Pending quarantine entries whose channel_message_id starts with `prefix`.
std::size_t Quarantined(const std::string& prefix) {
  auto r = Serve().Get("/v1/quarantine", kOperatorToken);
  REQUIRE(r.status == 200);
  json::value v = json::parse(r.body);
  const json::array& items = v.is_array() ? v.as_array() : v.as_object().at("items").as_array();
  std::size_t n = 0;
  for (const auto& item : items) {
    if (std::string(item.at("channel_message_id").as_string()).starts_with(prefix)) ++n;
  }
  return n;
}

std::size_t WaitQuarantined(const std::string& prefix, std::size_t at_least) {
  std::size_t n = 0;
  for (int i = 0; i < 200 && (n = Quarantined(prefix)) < at_least; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return n;
}

TEST_CASE("URL verification echoes echostr, a bad signature is refused and counted",
          "[plugins][wechat]") {
  WechatServe& s = Serve();
  auto ok = s.Get(kSafe.path + "?" + WechatServe::Query(kSafe) + "&echostr=4075181314397890557");
  CHECK(ok.status == 200);
  CHECK(ok.body == "4075181314397890557");
  const double before = s.Metric("rexian_plugin_wechat_bad_signature_total");
  auto bad = s.Get(kSafe.path + "?signature=3fb39c4ba8082ea015dee1d93b645c998b860637&timestamp=1&nonce=2&echostr=x");
  CHECK(bad.status == 403);
  CHECK(bad.body.find("x") == std::string::npos);
  auto missing = s.Get(kPlain.path + "?echostr=x");
  CHECK(missing.status == 403);
  CHECK(s.Metric("rexian_plugin_wechat_bad_signature_total") == before + 2);
}

TEST_CASE("a safe-mode text opens a ticket, the encrypted reply carries its number", "[plugins][wechat]") {
  WechatServe& s = Serve();
  XmlFields reply = Reply(s.Send(kSafe, MessageXml("oCitizenSafe00001", "text",
                                                   "<Content><![CDATA[和平路路灯不亮]]></Content>", "1001")));
  CHECK(reply.Get("ToUserName") == "oCitizenSafe00001");
  CHECK(reply.Get("FromUserName") == "gh_10f6c3c3ac5a");
  CHECK(reply.Get("MsgType") == "text");
  const std::string number = TicketNumberIn(reply.Get("Content"));
  REQUIRE_FALSE(number.empty());
  json::object ticket = Ticket(number);
  CHECK(ticket.at("channel") == "wechat");
}

TEST_CASE("three retries with the same MsgId make one ticket and the same reply", "[plugins][wechat]") {
  WechatServe& s = Serve();
  const std::string xml = MessageXml("oCitizenRetry0001", "text", "<Content>楼下烧烤油烟扰民</Content>", "2002");
  std::vector<std::string> contents;
  for (int i = 0; i < 3; ++i) contents.push_back(Reply(s.Send(kSafe, xml)).Get("Content"));
  REQUIRE_FALSE(TicketNumberIn(contents[0]).empty());
  CHECK(contents[1] == contents[0]);
  CHECK(contents[2] == contents[0]);
  CHECK(ContactsAdded(TicketNumberIn(contents[0])) == 0);
}

TEST_CASE("plaintext and compatible accounts answer in kind", "[plugins][wechat]") {
  WechatServe& s = Serve();
  XmlFields plain = Reply(s.Send(kPlain, MessageXml("oCitizenPlain0001", "text", "<Content>井盖缺失</Content>", "3003")));
  CHECK_FALSE(TicketNumberIn(plain.Get("Content")).empty());
  // Compatible mode: an encrypted callback gets an encrypted reply (Send
  // checks and opens it) ...
  XmlFields enc = Reply(s.Send(kCompat, MessageXml("oCitizenCompat001", "text", "<Content>噪音</Content>", "3004")));
  CHECK_FALSE(TicketNumberIn(enc.Get("Content")).empty());
  // ... a plaintext one a plaintext reply.
  TestAccount compat_plain = kCompat;
  compat_plain.encrypted = false;
  XmlFields clear = Reply(s.Send(compat_plain, MessageXml("oCitizenCompat002", "text", "<Content>停水</Content>", "3005")));
  CHECK_FALSE(TicketNumberIn(clear.Get("Content")).empty());
}

TEST_CASE("media, links and locations, follow-ups go to the citizen's ticket", "[plugins][wechat]") {
  WechatServe& s = Serve();
  const std::string who = "oCitizenMedia0001";
  const std::string first = TicketNumberIn(Reply(s.Send(kSafe, MessageXml(who, "image",
      "<PicUrl><![CDATA[http://mmbiz.qpic.cn/x.jpg]]></PicUrl><MediaId>img1</MediaId>", "4001"))).Get("Content"));
  REQUIRE_FALSE(first.empty());
  // A citizen's next message comes seconds later; intake follows up only a
  // ticket its view already shows (docs/intake.md), a few ms after the reply.
  Ticket(first);
  const char* follow_ups[][2] = {
      {"voice", "<MediaId>v1</MediaId><Format>amr</Format><Recognition>已经好几天了</Recognition>"},
      {"video", "<MediaId>d1</MediaId><ThumbMediaId>t1</ThumbMediaId>"},
      {"link", "<Title>新闻报道</Title><Description>同一问题</Description><Url>https://e.x/1</Url>"},
      {"location", "<Location_X>34.2610</Location_X><Location_Y>117.1850</Location_Y><Scale>20</Scale>"
                   "<Label>徐州市云龙区和平路</Label>"}};
  int msg = 4002;
  for (const auto& [type, body] : follow_ups) {
    INFO(type);
    const std::string content = Reply(s.Send(kSafe, MessageXml(who, type, body, std::to_string(msg++)))).Get("Content");
    CHECK(content.find("补充") != std::string::npos);
    CHECK(TicketNumberIn(content) == first);
  }
  std::int64_t added = 0;
  for (int i = 0; i < 200 && (added = ContactsAdded(first)) < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));  // the view trails the log
  }
  CHECK(added == 4);
}

TEST_CASE("events: welcome, menu, acknowledgements", "[plugins][wechat]") {
  WechatServe& s = Serve();
  auto event = [&](const std::string& who, const std::string& name, const std::string& more = "") {
    return s.Send(kSafe, MessageXml(who, "event", "<Event><![CDATA[" + name + "]]></Event>" + more, ""));
  };
  const double subscribed = s.Metric("rexian_plugin_wechat_event_subscribe_total");
  CHECK(Reply(event("oCitizenEvent0001", "subscribe")).Get("Content").find("欢迎") != std::string::npos);
  CHECK(s.Metric("rexian_plugin_wechat_event_subscribe_total") == subscribed + 1);
  CHECK(Reply(event("oCitizenEvent0001", "SCAN", "<EventKey>12</EventKey>")).Get("Content").find("欢迎") != std::string::npos);
  CHECK(Reply(event("oCitizenEvent0001", "CLICK", "<EventKey>MY</EventKey>")).Get("Content").find("诉求") != std::string::npos);
  for (const char* name : {"unsubscribe", "VIEW", "LOCATION"}) {
    INFO(name);
    auto r = event("oCitizenEvent0001", name, "<Latitude>34.2</Latitude><Longitude>117.1</Longitude>");
    CHECK(r.status == 200);
    CHECK(r.body == "success");
  }
  CHECK(s.Metric("rexian_plugin_wechat_event_unsubscribe_total") >= 1);
  CHECK(s.Metric("rexian_plugin_wechat_event_view_total") >= 1);
  // CLICK after a request: the current ticket and its status.
  const std::string number = TicketNumberIn(Reply(s.Send(kSafe, MessageXml("oCitizenEvent0002", "text",
      "<Content>路面塌陷</Content>", "5001"))).Get("Content"));
  REQUIRE_FALSE(number.empty());
  CHECK(TicketNumberIn(Reply(event("oCitizenEvent0002", "CLICK")).Get("Content")) == number);
}

TEST_CASE("when intake misses the budget: success, then a customer-service message", "[plugins][wechat]") {
  WechatServe& s = Serve();
  const int fetches = s.api().token_fetches();
  auto r = s.Send(kLate, MessageXml("oCitizenLate00001", "text", "<Content>公交站牌倒了</Content>", "6001"));
  CHECK(r.status == 200);
  CHECK(r.body == "success");
  CHECK(s.api().WaitForMessage("oCitizenLate00001", "工单号"));
  // The token is cached: a second message does not fetch another ...
  s.Send(kLate, MessageXml("oCitizenLate00002", "text", "<Content>路口信号灯坏了</Content>", "6002"));
  CHECK(s.api().WaitForMessage("oCitizenLate00002", "工单号"));
  CHECK(s.api().token_fetches() == fetches + 1);
  // ... until WeChat says it expired (42001): fetched again, message sent.
  s.api().ExpireTokenOnce();
  s.Send(kLate, MessageXml("oCitizenLate00003", "text", "<Content>小区垃圾未清运</Content>", "6003"));
  CHECK(s.api().WaitForMessage("oCitizenLate00003", "工单号"));
  CHECK(s.api().token_fetches() == fetches + 2);
  // The retry of a late message: success again, the same number again.
  s.Send(kLate, MessageXml("oCitizenLate00001", "text", "<Content>公交站牌倒了</Content>", "6001"));
  std::vector<std::string> numbers;
  for (int i = 0; i < 200; ++i) {
    numbers.clear();
    for (const SentMessage& m : s.api().sent()) {
      if (m.touser == "oCitizenLate00001") numbers.push_back(TicketNumberIn(m.content));
    }
    if (numbers.size() >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  REQUIRE(numbers.size() == 2);
  CHECK(numbers[0] == numbers[1]);
}

TEST_CASE("deliver sends rexian's acknowledgement through the customer-service API", "[plugins][wechat]") {
  WechatServe& s = Serve();
  // A contact of channel wechat that did not come through a callback (an
  // agent entered it): the plugin did not tell its number, so it delivers
  // the acknowledgement.
  const std::string contact = R"({"channel": "wechat", "channel_message_id": ")" + std::string(kSafe.appid) +
                              R"(:agent-7001", "received_at": "2026-11-27T10:00:00+08:00",
      "citizen": {"id": "oCitizenAgent0001", "wechat_openid": "oCitizenAgent0001"},
      "text": "市民来电反映：人行道树木倒伏"})";
  auto r = s.PostJson("/v1/contacts", contact, kAgentToken);
  INFO(r.body);
  REQUIRE((r.status == 200 || r.status == 201 || r.status == 202));
  const std::string number = std::string(json::parse(r.body).as_object().at("ticket_number").as_string());
  CHECK(s.api().WaitForMessage("oCitizenAgent0001", number, std::chrono::seconds(20)));
  // A callback contact's acknowledgement is not sent twice: the passive
  // reply carried the number.
  Reply(s.Send(kSafe, MessageXml("oCitizenTold00001", "text", "<Content>路灯</Content>", "7002")));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  for (const SentMessage& m : s.api().sent()) CHECK(m.touser != "oCitizenTold00001");
}

TEST_CASE("forged, malformed, undecryptable and misaddressed callbacks", "[plugins][wechat]") {
  WechatServe& s = Serve();
  auto cipher = MessageCipher::Create(kSafe.key);
  REQUIRE(cipher.ok());
  const std::string xml = MessageXml("oCitizenBad000001", "text", "<Content>x</Content>", "8001");
  const std::string prefix = std::string(kSafe.appid) + ":rejected:";
  const std::size_t quarantined = Quarantined(prefix);
  const double bad_before = s.Metric("rexian_plugin_wechat_bad_signature_total");

  SECTION("bad signatures are refused (403), counted and never processed") {
    const std::string encrypt = cipher->Encrypt(xml, kSafe.appid);
    const std::string envelope = "<xml><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>";
    std::string query = WechatServe::Query(kSafe, encrypt);
    query.replace(query.find("signature=") + 10, 4, "0000");
    CHECK(s.Post(kSafe.path + "?" + query, envelope).status == 403);
    // A valid signature but a msg_signature over other content.
    CHECK(s.Post(kSafe.path + "?" + WechatServe::Query(kSafe, "other"), envelope).status == 403);
    CHECK(s.Post(kPlain.path + "?" + WechatServe::Query(kSafe), xml).status == 403);
    CHECK(s.Metric("rexian_plugin_wechat_bad_signature_total") == bad_before + 3);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(Quarantined(prefix) == quarantined);
  }
  SECTION("malformed XML: success, quarantined") {
    auto r = s.Post(kSafe.path + "?" + WechatServe::Query(kSafe), "<xml><Encrypt>");
    CHECK(r.status == 200);
    CHECK(r.body == "success");
    CHECK(WaitQuarantined(prefix, quarantined + 1) == quarantined + 1);
  }
  SECTION("undecryptable: success, quarantined") {
    const std::string garbage = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    auto r = s.Post(kSafe.path + "?" + WechatServe::Query(kSafe, garbage),
                    "<xml><Encrypt><![CDATA[" + garbage + "]]></Encrypt></xml>");
    CHECK(r.body == "success");
    CHECK(WaitQuarantined(prefix, quarantined + 1) == quarantined + 1);
    CHECK(s.Metric("rexian_plugin_wechat_undecryptable_total") >= 1);
  }
  SECTION("encrypted for another appid: success, quarantined") {
    const std::string encrypt = cipher->Encrypt(xml, "wxsomeoneelse0001");
    auto r = s.Post(kSafe.path + "?" + WechatServe::Query(kSafe, encrypt),
                    "<xml><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>");
    CHECK(r.body == "success");
    CHECK(WaitQuarantined(prefix, quarantined + 1) == quarantined + 1);
    CHECK(s.Metric("rexian_plugin_wechat_wrong_appid_total") >= 1);
  }
  SECTION("a message intake refuses (empty text) is quarantined, the citizen told") {
    XmlFields reply = Reply(s.Send(kSafe, MessageXml("oCitizenBad000002", "text", "<Content></Content>", "8002")));
    CHECK(reply.Get("Content").find("人工") != std::string::npos);
    CHECK(WaitQuarantined(std::string(kSafe.appid) + ":8002", 1) == 1);
  }
  CHECK(s.server().running());
}

}  // namespace
}  // namespace rexian::wechat::testing
