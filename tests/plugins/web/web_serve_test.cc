// The web plugin end to end: a real `rexian serve` loading it from
// build/plugins, every endpoint in JSON and XML, every error path, retries.
#include <regex>

#include "web_serve_fixture.h"

namespace rexian::web::testing {
namespace {

namespace json = boost::json;

const std::string kOpen311 = "/open311/v2";

// A POST requests body for the demo client.
std::string NewRequestBody(const std::string& extra = "") {
  return std::string("api_key=") + kDemoKey +
         "&service_code=0101&lat=34.2612&long=117.1853&address_string=%E8%A7%A3%E6%94%BE%E8%B7%AF"
         "&description=%E8%A7%A3%E6%94%BE%E8%B7%AF%E8%B7%AF%E9%9D%A2%E5%9D%91%E6%B4%BC&email=li%40example.cn" +
         extra;
}

std::string TextOf(const pugi::xml_node& node, const char* child) { return node.child_value(child); }

// True when W3C time `later` is not before `earlier`; both carry the host's
// one offset, so text order is time order.
bool NotBefore(const std::string& later, const std::string& earlier) { return later >= earlier; }

std::string Str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : json::serialize(v); }

TEST_CASE("Open311 discovery, services and service definitions in JSON and XML", "[plugins][web][serve]") {
  WebServe serve;

  auto discovery = serve.Get(kOpen311 + "/discovery.json");
  REQUIRE(discovery.status == 200);
  CHECK(discovery.header("Content-Type") == "application/json; charset=utf-8");
  json::object d = JsonOf(discovery).as_object();
  CHECK(d.at("contact") == "call 12345");
  CHECK(d.at("key_service") == "ask the platform office");
  CHECK(std::regex_match(std::string(d.at("changeset").as_string()),
                         std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d)")));
  const json::object& endpoint = d.at("endpoints").as_array().at(0).as_object();
  CHECK(endpoint.at("specification") == "http://wiki.open311.org/GeoReport_v2");
  CHECK(endpoint.at("url") == "https://12345.xz.gov.cn/open311/v2");
  CHECK(endpoint.at("type") == "test");
  CHECK(endpoint.at("formats") == json::array{"text/xml", "application/json"});
  auto discovery_xml = serve.Get(kOpen311 + "/discovery.xml");
  REQUIRE(discovery_xml.status == 200);
  CHECK(discovery_xml.header("Content-Type") == "text/xml; charset=utf-8");
  CHECK(discovery_xml.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0) == 0);
  auto dx = XmlOf(discovery_xml);
  CHECK(TextOf(dx->child("discovery").child("endpoints").child("endpoint"), "url") ==
        std::string("https://12345.xz.gov.cn/open311/v2"));

  // One service per sub-category of the shipped taxonomy, grouped by domain.
  auto services = serve.Get(kOpen311 + "/services.json");
  REQUIRE(services.status == 200);
  const json::array list = JsonOf(services).as_array();
  CHECK(list.size() > 50);
  const json::object* road = nullptr;
  for (const auto& s : list) {
    if (s.as_object().at("service_code") == "0101") road = &s.as_object();
  }
  REQUIRE(road != nullptr);
  CHECK(road->at("service_name") == "路况管理");
  CHECK(road->at("group") == "交通出行");
  CHECK(road->at("metadata") == false);
  CHECK(road->at("type") == "realtime");
  CHECK(std::string(road->at("keywords").as_string()).find("路况") == 0);
  auto services_xml = serve.Get(kOpen311 + "/services.xml");
  REQUIRE(services_xml.status == 200);
  auto sx = XmlOf(services_xml);
  std::size_t xml_services = 0;
  for (auto s = sx->child("services").child("service"); s; s = s.next_sibling("service")) ++xml_services;
  CHECK(xml_services == list.size());
  CHECK(TextOf(sx->child("services").child("service"), "service_code") ==
        std::string(list[0].as_object().at("service_code").as_string()));

  auto definition = serve.Get(kOpen311 + "/services/0101.json");
  REQUIRE(definition.status == 200);
  CHECK(JsonOf(definition) == json::parse(R"({"service_code": "0101", "attributes": []})"));
  auto definition_xml = serve.Get(kOpen311 + "/services/0101.xml");
  REQUIRE(definition_xml.status == 200);
  CHECK(TextOf(XmlOf(definition_xml)->child("service_definition"), "service_code") == std::string("0101"));

  auto unknown = serve.Get(kOpen311 + "/services/9999.json");
  CHECK(unknown.status == 404);
  CHECK(JsonErrors(unknown) == std::vector<std::string>{"service_code 9999 was not found"});
  auto unknown_xml = serve.Get(kOpen311 + "/services/9999.xml");
  CHECK(unknown_xml.status == 404);
  auto ux = XmlOf(unknown_xml);
  CHECK(TextOf(ux->child("errors").child("error"), "code") == std::string("404"));

  // Formats and resources the spec does not have.
  auto no_format = serve.Get(kOpen311 + "/services");
  CHECK(no_format.status == 400);
  CHECK(no_format.header("Content-Type") == "text/xml; charset=utf-8");
  CHECK(TextOf(XmlOf(no_format)->child("errors").child("error"), "description") ==
        std::string("the resource must end in .json or .xml (e.g. services.json)"));
  CHECK(serve.Get(kOpen311 + "/services.csv").status == 400);
  auto nothing = serve.Get(kOpen311 + "/nothing.json");
  CHECK(nothing.status == 404);
  CHECK(JsonErrors(nothing) == std::vector<std::string>{"no Open311 resource 'nothing'"});
  CHECK(serve.Get(kOpen311 + "/things/1.json").status == 404);
  CHECK(serve.Get(kOpen311 + "/services.json?jurisdiction_id=" + kJurisdiction).status == 200);
  auto elsewhere = serve.Get(kOpen311 + "/services.json?jurisdiction_id=sf.gov");
  CHECK(elsewhere.status == 404);
  CHECK(JsonErrors(elsewhere) == std::vector<std::string>{"jurisdiction_id sf.gov was not found"});
}

TEST_CASE("Open311 POST requests: created, retried, read back, listed and found by token",
          "[plugins][web][serve]") {
  WebServe serve;

  auto created = serve.PostForm(kOpen311 + "/requests.json", NewRequestBody(), {{"Idempotency-Key", "req-1"}});
  INFO(created.body);
  REQUIRE(created.status == 201);
  json::array posted = JsonOf(created).as_array();
  REQUIRE(posted.size() == 1);
  const std::string id(posted[0].as_object().at("service_request_id").as_string());
  CHECK(std::regex_match(id, std::regex(R"(\d{4,6}-\d{4}-\d{7})")));
  CHECK_FALSE(posted[0].as_object().contains("token"));  // realtime: an id, never both

  // A retry with the same key: the same request, 200, nothing new.
  auto retried = serve.PostForm(kOpen311 + "/requests.json", NewRequestBody(), {{"Idempotency-Key", "req-1"}});
  REQUIRE(retried.status == 200);
  CHECK(Str(JsonOf(retried).as_array()[0].as_object().at("service_request_id")) == id);
  // The key also works as a form argument, and in XML.
  auto retried_xml = serve.PostForm(kOpen311 + "/requests.xml", NewRequestBody("&idempotency_key=req-1"));
  REQUIRE(retried_xml.status == 200);
  CHECK(TextOf(XmlOf(retried_xml)->child("service_requests").child("request"), "service_request_id") == id);

  // Without a key, every POST is a new request; account_id is echoed.
  auto other = serve.PostForm(kOpen311 + "/requests.xml", NewRequestBody("&account_id=acct-7"));
  REQUIRE(other.status == 201);
  auto ox = XmlOf(other);
  pugi::xml_node other_request = ox->child("service_requests").child("request");
  const std::string other_id = TextOf(other_request, "service_request_id");
  CHECK(other_id != id);
  CHECK(TextOf(other_request, "account_id") == std::string("acct-7"));

  // GET requests/{id}: the public view, field by field.
  auto one = serve.GetUntil(kOpen311 + "/requests/" + id + ".json", 200);
  REQUIRE(one.status == 200);
  json::array one_list = JsonOf(one).as_array();
  REQUIRE(one_list.size() == 1);
  const json::object& r = one_list[0].as_object();
  CHECK(Str(r.at("service_request_id")) == id);
  CHECK(r.at("status") == "open");
  CHECK(r.at("service_code") == "0101");
  CHECK(r.at("service_name") == "路况管理");
  CHECK(r.at("status_notes").is_null());
  for (const char* member : {"agency_responsible", "expected_datetime"}) {
    CHECK((r.at(member).is_null() || r.at(member).is_string()));
  }
  const std::regex w3(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d))");
  CHECK(std::regex_match(std::string(r.at("requested_datetime").as_string()), w3));
  CHECK(std::regex_match(std::string(r.at("updated_datetime").as_string()), w3));
  for (const char* personal : {"description", "address", "lat", "long", "media_url", "email"}) {
    CHECK_FALSE(r.contains(personal));  // personal data never leaves through Open311
  }
  CHECK(one.body.find("example.cn") == std::string::npos);
  CHECK(one.body.find("解放路") == std::string::npos);
  auto one_xml = serve.Get(kOpen311 + "/requests/" + id + ".xml");
  REQUIRE(one_xml.status == 200);
  auto rx = XmlOf(one_xml);
  pugi::xml_node request = rx->child("service_requests").child("request");
  CHECK(TextOf(request, "service_request_id") == id);
  CHECK(TextOf(request, "status") == std::string("open"));
  CHECK(TextOf(request, "service_code") == std::string("0101"));

  auto missing = serve.Get(kOpen311 + "/requests/320302-2025-9999999.json");
  CHECK(missing.status == 404);
  CHECK(JsonErrors(missing) == std::vector<std::string>{"service_request_id 320302-2025-9999999 was not found"});

  // GET requests: both new requests, newest first; filters.
  serve.GetUntil(kOpen311 + "/requests/" + other_id + ".json", 200);
  auto all = serve.Get(kOpen311 + "/requests.json");
  REQUIRE(all.status == 200);
  std::vector<std::string> ids;
  const json::value all_list = JsonOf(all);
  for (const auto& item : all_list.as_array()) ids.emplace_back(item.as_object().at("service_request_id").as_string());
  CHECK(ids.size() == 2);
  CHECK(std::find(ids.begin(), ids.end(), id) != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), other_id) != ids.end());
  CHECK(JsonOf(serve.Get(kOpen311 + "/requests.json?status=closed")).as_array().empty());
  CHECK(JsonOf(serve.Get(kOpen311 + "/requests.json?status=open&service_code=0101")).as_array().size() == 2);
  CHECK(JsonOf(serve.Get(kOpen311 + "/requests.json?service_code=0105")).as_array().empty());
  CHECK(JsonOf(serve.Get(kOpen311 + "/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z"))
            .as_array()
            .empty());
  auto by_id = serve.Get(kOpen311 + "/requests.json?service_request_id=" + id + ",320302-2025-9999999&status=closed");
  REQUIRE(by_id.status == 200);
  CHECK(JsonOf(by_id).as_array().size() == 1);  // ids override the status filter
  auto list_xml = serve.Get(kOpen311 + "/requests.xml");
  REQUIRE(list_xml.status == 200);
  auto lx = XmlOf(list_xml);
  std::size_t xml_count = 0;
  for (auto it = lx->child("service_requests").child("request"); it; it = it.next_sibling("request")) ++xml_count;
  CHECK(xml_count == 2);
  auto bad_dates = serve.Get(kOpen311 + "/requests.json?start_date=2025-01-01&status=done");
  CHECK(bad_dates.status == 400);
  CHECK(JsonErrors(bad_dates) ==
        std::vector<std::string>{"status must be open or closed, not 'done'",
                                 "start_date must be a W3C date-time with a zone, e.g. 2010-01-01T00:00:00Z"});

  // The department's work shows through: lead department, deadline, reply, closed.
  std::int64_t version = 0;
  CHECK(serve.TicketCommand(kAgentToken, id, "dispatch",
                            std::string(R"({"lead_department": ")") + kDepartmentCode + R"("})", &version) == 200);
  CHECK(serve.TicketCommand(kDepartmentToken, id, "acknowledge", "{}", &version) == 200);
  json::object dispatched;
  for (int i = 0; i < 200; ++i) {  // until the view has the dispatch
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    dispatched = JsonOf(serve.Get(kOpen311 + "/requests/" + id + ".json")).as_array().at(0).as_object();
    if (dispatched.at("agency_responsible").is_string()) break;
  }
  CHECK(dispatched.at("status") == "open");
  CHECK(Str(dispatched.at("agency_responsible")) == kDepartmentName);
  CHECK(std::regex_match(Str(dispatched.at("expected_datetime")), w3));
  CHECK(dispatched.at("status_notes").is_null());
  CHECK(serve.TicketCommand(kDepartmentToken, id, "resolve", R"({"reply": "已修复路面，感谢反映"})", &version) == 200);
  json::array closed;
  for (int i = 0; i < 200 && closed.empty(); ++i) {  // the view trails the log a little
    if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    closed = JsonOf(serve.Get(kOpen311 + "/requests.json?status=closed")).as_array();
  }
  REQUIRE(closed.size() == 1);
  const json::object& done = closed[0].as_object();
  CHECK(Str(done.at("service_request_id")) == id);
  CHECK(done.at("status") == "closed");
  CHECK(done.at("status_notes") == "已修复路面，感谢反映");
  CHECK(Str(done.at("agency_responsible")) == kDepartmentName);
  CHECK(done.at("expected_datetime") == dispatched.at("expected_datetime"));
  CHECK(NotBefore(Str(done.at("updated_datetime")), Str(done.at("requested_datetime"))));
  auto done_xml = XmlOf(serve.Get(kOpen311 + "/requests/" + id + ".xml"));
  pugi::xml_node done_request = done_xml->child("service_requests").child("request");
  CHECK(TextOf(done_request, "status") == std::string("closed"));
  CHECK(TextOf(done_request, "status_notes") == std::string("已修复路面，感谢反映"));
  CHECK(TextOf(done_request, "agency_responsible") == std::string(kDepartmentName));
  auto still_open = JsonOf(serve.Get(kOpen311 + "/requests.json?status=open")).as_array();
  REQUIRE(still_open.size() == 1);
  CHECK(Str(still_open[0].as_object().at("service_request_id")) == other_id);

  // tokens/{token}: the channel_message_id, <client>:<Idempotency-Key>.
  auto token = serve.Get(kOpen311 + "/tokens/demo-app:req-1.json");
  REQUIRE(token.status == 200);
  CHECK(JsonOf(token) == json::array{json::object{{"service_request_id", id}, {"token", "demo-app:req-1"}}});
  auto token_xml = serve.Get(kOpen311 + "/tokens/demo-app:req-1.xml");
  REQUIRE(token_xml.status == 200);
  CHECK(TextOf(XmlOf(token_xml)->child("service_requests").child("request"), "token") == std::string("demo-app:req-1"));
  auto no_token = serve.Get(kOpen311 + "/tokens/demo-app:nope.json");
  CHECK(no_token.status == 404);
  CHECK(JsonErrors(no_token) == std::vector<std::string>{"token demo-app:nope was not found"});
}

TEST_CASE("Open311 POST requests: every error path", "[plugins][web][serve]") {
  WebServe serve;
  const std::string post = kOpen311 + "/requests.json";
  const std::string key = std::string("api_key=") + kDemoKey;

  auto no_key = serve.PostForm(post, "service_code=0101&lat=1&long=2");
  CHECK(no_key.status == 403);
  CHECK(JsonErrors(no_key) == std::vector<std::string>{"api_key was not provided -- can't proceed with create_request."});
  auto bad_key = serve.PostForm(kOpen311 + "/requests.xml", "api_key=wrong&service_code=0101&lat=1&long=2");
  CHECK(bad_key.status == 403);
  auto bx = XmlOf(bad_key);
  CHECK(TextOf(bx->child("errors").child("error"), "code") == std::string("403"));
  CHECK(TextOf(bx->child("errors").child("error"), "description") ==
        std::string("Invalid api_key received -- can't proceed with create_request."));

  struct Case {
    std::string body;
    int status;
    std::vector<std::string> errors;
  };
  const Case cases[] = {
      {key + "&lat=1&long=2", 400, {"service_code was not provided"}},
      {key + "&service_code=9999&lat=1&long=2", 404, {"service_code 9999 was not found"}},
      {key + "&service_code=0101", 400, {"a location is required: lat and long, address_string or address_id"}},
      {key + "&service_code=0101&lat=34", 400, {"lat and long must both be sent"}},
      {key + "&service_code=0101&lat=1&long=2&description=50%", 400, {"description: malformed percent-encoding"}},
      {key + "&service_code=0101&lat=1&long=2&jurisdiction_id=sf.gov", 404, {"jurisdiction_id sf.gov was not found"}},
      // The host's schema refuses the phone: the error names the Open311 argument.
      {key + "&service_code=0101&lat=1&long=2&phone=call-me", 400, {}},
  };
  for (const Case& c : cases) {
    INFO(c.body);
    auto r = serve.PostForm(post, c.body);
    CHECK(r.status == c.status);
    if (!c.errors.empty()) CHECK(JsonErrors(r) == c.errors);
  }
  auto bad_phone = serve.PostForm(post, key + "&service_code=0101&lat=1&long=2&phone=call-me");
  REQUIRE(bad_phone.status == 400);
  CHECK(JsonErrors(bad_phone).at(0).rfind("phone: ", 0) == 0);

  auto json_body = serve.PostJson(post, R"({"api_key": "x"})");
  CHECK(json_body.status == 400);
  CHECK(JsonErrors(json_body) ==
        std::vector<std::string>{"Content-Type must be application/x-www-form-urlencoded; charset=utf-8"});
  auto bad_idempotency = serve.PostForm(post, NewRequestBody(), {{"Idempotency-Key", "has space"}});
  CHECK(bad_idempotency.status == 400);

  // Over the instance's 2 KiB body limit (the server's own is 1 MiB).
  auto large = serve.PostForm(post, NewRequestBody("&description=" + std::string(3000, 'x')));
  CHECK(large.status == 413);
  CHECK(JsonErrors(large) == std::vector<std::string>{"the body is larger than 2048 bytes"});

  // The slow client's bucket holds two requests; the third is refused.
  const std::string slow = std::string("api_key=") + kSlowKey + "&service_code=0101&lat=1&long=2";
  CHECK(serve.PostForm(post, slow).status == 201);
  CHECK(serve.PostForm(post, slow).status == 201);
  auto limited = serve.PostForm(post, slow);
  CHECK(limited.status == 429);
  CHECK(std::stoi(limited.header("Retry-After")) >= 1);
  CHECK(JsonOf(limited).as_array().at(0).as_object().at("code") == 429);
  CHECK(serve.PostForm(post, NewRequestBody()).status == 201);  // other clients are not affected
  // GETs with the slow client's key draw from its bucket too.
  CHECK(serve.Get(kOpen311 + "/services.json?api_key=" + kSlowKey).status == 429);
  CHECK(serve.Get(kOpen311 + "/services.json").status == 200);
}

TEST_CASE("the JSON form: created, retried, refused field by field, limited", "[plugins][web][serve]") {
  WebServe serve;
  const std::string form = R"({"name": "王五", "phone": "13900000000", "text": "解放路路灯连续三晚不亮",
      "category": "0101", "location": {"address": "解放路", "lat": 34.25, "lon": 117.18, "district_code": "320302"},
      "client_request_id": "f-1"})";

  auto created = serve.PostJson("/web/requests", form);
  INFO(created.body);
  REQUIRE(created.status == 201);
  json::object c = JsonOf(created).as_object();
  const std::string number(c.at("ticket_number").as_string());
  CHECK(Str(c.at("ticket_id")) == "ticket-" + number);
  CHECK(c.at("client_request_id") == "f-1");
  CHECK(c.at("duplicate") == false);

  auto retried = serve.PostJson("/web/requests", form);
  REQUIRE(retried.status == 200);
  CHECK(Str(JsonOf(retried).as_object().at("ticket_number")) == number);
  CHECK(JsonOf(retried).as_object().at("duplicate") == true);

  // The same client_request_id from an API client is another request.
  auto keyed = serve.PostJson("/web/requests", form, {{"X-Api-Key", kDemoKey}});
  REQUIRE(keyed.status == 201);
  CHECK(Str(JsonOf(keyed).as_object().at("ticket_number")) != number);

  // Problems named by field: the plugin's own, then the host's schema's.
  auto missing = serve.PostJson("/web/requests", R"({"phone": "13900000000"})");
  CHECK(missing.status == 422);
  CHECK(missing.header("Content-Type") == "application/problem+json");
  json::object m = JsonOf(missing).as_object();
  CHECK(m.at("type") == "https://rexian.dev/problems/unprocessable");
  CHECK(m.at("fields") == json::array{json::object{{"field", "text"}, {"message", "is required"}},
                                      json::object{{"field", "client_request_id"}, {"message", "is required"}}});
  auto host_refused = serve.PostJson("/web/requests", R"({"text": "t", "phone": "call me", "client_request_id": "f-2"})");
  CHECK(host_refused.status == 422);
  json::object h = JsonOf(host_refused).as_object();
  REQUIRE(h.at("fields").as_array().size() >= 1);
  CHECK(h.at("fields").as_array()[0].as_object().at("field") == "phone");
  CHECK(h.contains("quarantine_id"));

  auto not_json = serve.PostJson("/web/requests", "text=hello");
  CHECK(not_json.status == 400);
  CHECK(JsonOf(not_json).as_object().at("type") == "https://rexian.dev/problems/invalid_request");
  auto large = serve.PostJson("/web/requests", R"({"text": ")" + std::string(70000, 'x') + R"(", "client_request_id": "f-3"})");
  CHECK(large.status == 413);
  CHECK(JsonOf(large).as_object().at("type") == "https://rexian.dev/problems/payload_too_large");
  auto bad_key = serve.PostJson("/web/requests", form, {{"X-Api-Key", "wrong"}});
  CHECK(bad_key.status == 403);

  // A keyed client's own bucket: two requests, then 429 with Retry-After.
  CHECK(serve.PostJson("/web/requests", R"({"text": "a", "client_request_id": "s-1"})", {{"X-Api-Key", kSlowKey}}).status == 201);
  CHECK(serve.PostJson("/web/requests", R"({"text": "a", "client_request_id": "s-2"})", {{"X-Api-Key", kSlowKey}}).status == 201);
  auto limited = serve.PostJson("/web/requests", R"({"text": "a", "client_request_id": "s-3"})", {{"X-Api-Key", kSlowKey}});
  CHECK(limited.status == 429);
  CHECK(std::stoi(limited.header("Retry-After")) >= 1);
  CHECK(JsonOf(limited).as_object().at("type") == "https://rexian.dev/problems/rate_limited");

  // Anonymous clients are limited per address (webtest: 2, then 100 s per request).
  CHECK(serve.PostJson("/web2/requests", R"({"text": "a", "client_request_id": "a-1"})").status == 201);
  CHECK(serve.PostJson("/web2/requests", R"({"text": "a", "client_request_id": "a-2"})").status == 201);
  auto anonymous_limited = serve.PostJson("/web2/requests", R"({"text": "a", "client_request_id": "a-3"})");
  CHECK(anonymous_limited.status == 429);
  CHECK(std::stoi(anonymous_limited.header("Retry-After")) >= 50);

  // Open311 shows only its own channel's tickets: the form's are not there
  // (once the view has the ticket, as rexian's own API shows).
  for (int i = 0; i < 200; ++i) {
    auto view = serve.Get("/v1/tickets/ticket-" + number, {{"Authorization", "Bearer " + std::string(kOperatorToken)}});
    if (view.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  CHECK(serve.Get(kOpen311 + "/requests/" + number + ".json").status == 404);
  CHECK(JsonOf(serve.Get(kOpen311 + "/requests.json")).as_array().empty());
}

TEST_CASE("the plugin stops with the server and shows up in metrics", "[plugins][web][serve]") {
  WebServe serve;
  CHECK(serve.Get(kOpen311 + "/services.json").status == 200);
  CHECK(serve.PostJson("/web/requests", R"({"text": "a", "client_request_id": "m-1"})").status == 201);
  auto metrics = serve.Get("/metrics");
  CHECK_THAT(metrics.body, Catch::Contains("rexian_plugin_open311_open311_requests_total 1") &&
                               Catch::Contains("rexian_plugin_web_form_requests_total 1"));
  serve.server().Signal(SIGTERM);
  CHECK(serve.server().Wait(std::chrono::seconds(20)) == 0);
}

}  // namespace
}  // namespace rexian::web::testing
