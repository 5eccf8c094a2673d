// Open311 documents in XML and JSON, member by member against GeoReport v2.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include "web/open311_json.h"
#include "web/open311_xml.h"

namespace rexian::web {
namespace {

namespace json = boost::json;

// The names of an element's child elements, in order.
std::vector<std::string> ChildNames(const pugi::xml_node& node) {
  std::vector<std::string> names;
  for (const pugi::xml_node& child : node.children()) {
    if (child.type() == pugi::node_element) names.emplace_back(child.name());
  }
  return names;
}

pugi::xml_document ParseXml(const std::string& text) {
  pugi::xml_document doc;
  auto result = doc.load_string(text.c_str(), pugi::parse_default | pugi::parse_declaration);
  INFO(text);
  REQUIRE(result);
  return doc;
}

// The declaration must come first and say UTF-8, the spec's encoding rule.
void CheckDeclaration(const std::string& xml) {
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0) == 0);
}

ServiceRequest SampleRequest() {
  ServiceRequest r;
  r.service_request_id = "320302-2025-0000042";
  r.status = "closed";
  r.status_notes = "已修复路面";
  r.service_name = "路况管理";
  r.service_code = "0101";
  r.agency_responsible = "徐州市交通运输局";
  r.requested_datetime = "2025-05-01T09:30:00+08:00";
  r.updated_datetime = "2025-05-03T16:00:00+08:00";
  r.expected_datetime = "2025-05-06T23:59:59+08:00";
  return r;
}

const std::vector<std::string> kRequestMembers = {
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "agency_responsible", "requested_datetime", "updated_datetime", "expected_datetime"};

TEST_CASE("a service request renders every member the spec lists that rexian can fill",
          "[plugins][web][open311]") {
  Open311Node doc = RequestsDocument({SampleRequest()});

  std::string xml = RenderXml(doc);
  CheckDeclaration(xml);
  pugi::xml_document x = ParseXml(xml);
  pugi::xml_node root = x.document_element();
  CHECK(std::string(root.name()) == "service_requests");
  CHECK(ChildNames(root) == std::vector<std::string>{"request"});
  pugi::xml_node request = root.child("request");
  CHECK(ChildNames(request) == kRequestMembers);
  CHECK(std::string(request.child_value("service_request_id")) == "320302-2025-0000042");
  CHECK(std::string(request.child_value("status")) == "closed");
  CHECK(std::string(request.child_value("status_notes")) == "已修复路面");
  CHECK(std::string(request.child_value("service_code")) == "0101");
  CHECK(std::string(request.child_value("agency_responsible")) == "徐州市交通运输局");
  CHECK(std::string(request.child_value("requested_datetime")) == "2025-05-01T09:30:00+08:00");
  CHECK(std::string(request.child_value("expected_datetime")) == "2025-05-06T23:59:59+08:00");

  json::value j = json::parse(RenderJson(doc));
  REQUIRE(j.is_array());
  REQUIRE(j.as_array().size() == 1);
  const json::object& o = j.as_array()[0].as_object();
  std::vector<std::string> keys;
  for (const auto& member : o) keys.emplace_back(member.key());
  CHECK(keys == kRequestMembers);
  CHECK(o.at("service_request_id") == "320302-2025-0000042");
  CHECK(o.at("status") == "closed");
  CHECK(o.at("status_notes") == "已修复路面");
  CHECK(o.at("service_name") == "路况管理");
  CHECK(o.at("updated_datetime") == "2025-05-03T16:00:00+08:00");
  // Personal data never appears: the public view does not carry it.
  for (const char* absent : {"description", "address", "address_id", "zipcode", "lat", "long", "media_url"}) {
    CHECK_FALSE(o.contains(absent));
    CHECK(request.child(absent).empty());
  }
}

TEST_CASE("members without a value are JSON null and empty XML elements", "[plugins][web][open311]") {
  ServiceRequest r = SampleRequest();
  r.status = "open";
  r.status_notes.reset();
  r.agency_responsible.reset();
  r.expected_datetime.reset();
  Open311Node doc = RequestsDocument({r});
  const json::object o = json::parse(RenderJson(doc)).as_array()[0].as_object();
  CHECK(o.at("status_notes").is_null());
  CHECK(o.at("agency_responsible").is_null());
  CHECK(o.at("expected_datetime").is_null());
  pugi::xml_document x = ParseXml(RenderXml(doc));
  pugi::xml_node request = x.document_element().child("request");
  CHECK(ChildNames(request) == kRequestMembers);
  CHECK(std::string(request.child_value("status_notes")).empty());
  CHECK(request.child("status_notes").first_child().empty());

  CHECK(RenderJson(RequestsDocument({})) == "[]");
  CHECK(ChildNames(ParseXml(RenderXml(RequestsDocument({}))).document_element()).empty());
}

TEST_CASE("the service list follows the spec's member order and types", "[plugins][web][open311]") {
  Service s;
  s.service_code = "0101";
  s.service_name = "路况管理";
  s.description = "交通出行 / 路况管理";
  s.keywords = {"路况", "拥堵"};
  s.group = "交通出行";
  Open311Node doc = ServicesDocument({s});
  const std::vector<std::string> members = {"service_code", "service_name", "description", "metadata",
                                            "type", "keywords", "group"};
  pugi::xml_document x = ParseXml(RenderXml(doc));
  CHECK(std::string(x.document_element().name()) == "services");
  pugi::xml_node service = x.document_element().child("service");
  CHECK(ChildNames(service) == members);
  CHECK(std::string(service.child_value("metadata")) == "false");
  CHECK(std::string(service.child_value("type")) == "realtime");
  CHECK(std::string(service.child_value("keywords")) == "路况, 拥堵");
  CHECK(std::string(service.child_value("group")) == "交通出行");

  const json::object o = json::parse(RenderJson(doc)).as_array()[0].as_object();
  CHECK(o.at("service_code") == "0101");
  CHECK(o.at("metadata") == false);  // a JSON boolean, not a string
  CHECK(o.at("keywords") == "路况, 拥堵");
  CHECK(o.at("group") == "交通出行");
}

TEST_CASE("a service definition renders attributes and their values", "[plugins][web][open311]") {
  ServiceDefinition def{"0101",
                        {ServiceAttribute{true, "SIZE", "singlevaluelist", true, "", 1, "How big is it?",
                                          {{"s", "Small"}, {"l", "Large"}}},
                         ServiceAttribute{true, "NOTE", "text", false, "free text", 2, "Anything else?", {}}}};
  Open311Node doc = ServiceDefinitionDocument(def);
  pugi::xml_document x = ParseXml(RenderXml(doc));
  pugi::xml_node root = x.document_element();
  CHECK(std::string(root.name()) == "service_definition");
  CHECK(ChildNames(root) == std::vector<std::string>{"service_code", "attributes"});
  pugi::xml_node first = root.child("attributes").child("attribute");
  CHECK(ChildNames(first) == std::vector<std::string>{"variable", "code", "datatype", "required",
                                                      "datatype_description", "order", "description",
                                                      "values"});
  CHECK(ChildNames(first.child("values")) == std::vector<std::string>{"value", "value"});
  CHECK(std::string(first.child("values").child("value").child_value("name")) == "Small");

  json::object o = json::parse(RenderJson(doc)).as_object();
  CHECK(o.at("service_code") == "0101");
  const json::array& attributes = o.at("attributes").as_array();
  REQUIRE(attributes.size() == 2);
  const json::object& a = attributes[0].as_object();
  CHECK(a.at("variable") == true);
  CHECK(a.at("required") == true);
  CHECK(a.at("datatype_description").is_null());
  CHECK(a.at("order") == 1);
  CHECK(a.at("values").as_array()[1].as_object().at("key") == "l");
  CHECK_FALSE(attributes[1].as_object().contains("values"));  // not a list datatype
  CHECK(attributes[1].as_object().at("datatype_description") == "free text");

  json::object empty = json::parse(RenderJson(ServiceDefinitionDocument({"0105", {}}))).as_object();
  CHECK(empty.at("attributes").as_array().empty());
}

TEST_CASE("errors are a list of {code, description} in both formats", "[plugins][web][open311]") {
  Open311Node doc = ErrorsDocument({{403, "Invalid api_key received -- can't proceed with create_request."},
                                    {400, "lat and long must both be sent"}});
  json::value j = json::parse(RenderJson(doc));
  REQUIRE(j.as_array().size() == 2);
  CHECK(j.as_array()[0].as_object().at("code") == 403);  // a number
  CHECK(j.as_array()[1].as_object().at("description") == "lat and long must both be sent");
  std::string xml = RenderXml(doc);
  CheckDeclaration(xml);
  pugi::xml_document x = ParseXml(xml);
  CHECK(std::string(x.document_element().name()) == "errors");
  pugi::xml_node error = x.document_element().child("error");
  CHECK(ChildNames(error) == std::vector<std::string>{"code", "description"});
  CHECK(std::string(error.child_value("code")) == "403");
}

TEST_CASE("POST and token answers carry the request id", "[plugins][web][open311]") {
  json::value posted = json::parse(RenderJson(PostedDocument({"320302-2025-0000042", std::nullopt})));
  CHECK(posted.as_array()[0].as_object() == json::object{{"service_request_id", "320302-2025-0000042"}});
  json::value with_account = json::parse(RenderJson(PostedDocument({"n", std::string("acct-1")})));
  CHECK(with_account.as_array()[0].as_object().at("account_id") == "acct-1");
  pugi::xml_document x = ParseXml(RenderXml(PostedDocument({"n", std::nullopt})));
  CHECK(std::string(x.document_element().name()) == "service_requests");
  CHECK(ChildNames(x.document_element().child("request")) == std::vector<std::string>{"service_request_id"});

  json::value token = json::parse(RenderJson(TokenDocument({"n-1", "demo-app:abc"})));
  CHECK(token.as_array()[0].as_object() ==
        json::object{{"service_request_id", "n-1"}, {"token", "demo-app:abc"}});
  pugi::xml_document t = ParseXml(RenderXml(TokenDocument({"n-1", "demo-app:abc"})));
  CHECK(ChildNames(t.document_element().child("request")) ==
        std::vector<std::string>{"service_request_id", "token"});
}

TEST_CASE("discovery lists the endpoint with its formats", "[plugins][web][open311]") {
  Discovery d{"2025-05-01 09:30", "12345@xz.gov.cn", "ask the hotline", {}};
  d.endpoints.push_back({"http://wiki.open311.org/GeoReport_v2", "http://127.0.0.1:8345/open311/v2",
                         "2025-05-01 09:30", "test", {"text/xml", "application/json"}});
  json::object o = json::parse(RenderJson(DiscoveryDocument(d))).as_object();
  CHECK(o.at("changeset") == "2025-05-01 09:30");
  CHECK(o.at("contact") == "12345@xz.gov.cn");
  CHECK(o.at("key_service") == "ask the hotline");
  const json::object& e = o.at("endpoints").as_array()[0].as_object();
  CHECK(e.at("specification") == "http://wiki.open311.org/GeoReport_v2");
  CHECK(e.at("url") == "http://127.0.0.1:8345/open311/v2");
  CHECK(e.at("type") == "test");
  CHECK(e.at("formats") == json::array{"text/xml", "application/json"});
  pugi::xml_document x = ParseXml(RenderXml(DiscoveryDocument(d)));
  CHECK(ChildNames(x.document_element()) ==
        std::vector<std::string>{"changeset", "contact", "key_service", "endpoints"});
  pugi::xml_node endpoint = x.document_element().child("endpoints").child("endpoint");
  CHECK(ChildNames(endpoint) ==
        std::vector<std::string>{"specification", "url", "changeset", "type", "formats"});
  CHECK(ChildNames(endpoint.child("formats")) == std::vector<std::string>{"format", "format"});
}

TEST_CASE("XML escapes markup and drops characters XML 1.0 cannot carry", "[plugins][web][open311]") {
  ServiceRequest r = SampleRequest();
  r.status_notes = std::string("a <b> & \"c\"\x01 d");
  std::string xml = RenderXml(RequestsDocument({r}));
  pugi::xml_document x = ParseXml(xml);
  CHECK(std::string(x.document_element().child("request").child_value("status_notes")) == "a <b> & \"c\" d");
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK(json::parse(RenderJson(RequestsDocument({r}))).as_array()[0].as_object().at("status_notes") ==
        "a <b> & \"c\"\x01 d");
}

}  // namespace
}  // namespace rexian::web
