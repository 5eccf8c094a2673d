// POST requests arguments: every error path, and the contact they become.
#include <catch2/catch.hpp>

#include "catalogue_fixture.h"
#include "contact_schema.h"
#include "web/open311_post.h"

namespace rexian::web {
namespace {

namespace json = boost::json;
using testing::TestCatalogue;
using testing::ValidContact;

struct PostFixture {
  ServiceCatalogue catalogue = TestCatalogue();
  Open311PostContext context{"open311", "demo-app", "", "2025-05-01T01:30:00Z", &catalogue};

  Open311Post Read(const std::string& body) { return ReadOpen311Post(FormFields(*DecodeForm(body)), context); }
};

TEST_CASE_METHOD(PostFixture, "a complete request becomes a valid contact", "[plugins][web][open311]") {
  context.idempotency_key = "req-1";
  Open311Post post = Read(
      "api_key=k&service_code=0101&lat=34.2612&long=117.1853&address_string=%E5%BD%AD%E5%9F%8E%E8%B7%AF1%E5%8F%B7"
      "&email=li%40example.cn&device_id=dev-9&first_name=%E5%9B%9B&last_name=%E6%9D%8E&phone=13800000000"
      "&description=%E8%B7%AF%E9%9D%A2%E5%9D%91%E6%B4%BC&media_url=http%3A%2F%2Fimg.example.cn%2Fa.JPG%3Fs%3D1"
      "&attribute[SIZE]=large&attribute[TAGS][]=a&attribute[TAGS][]=b&jurisdiction_id=xz.gov.cn");
  REQUIRE(post.http_status == 0);
  CHECK(post.channel_message_id == "demo-app:req-1");
  json::object c = ValidContact(post.contact_json);
  CHECK(c.at("channel") == "open311");
  CHECK(c.at("channel_message_id") == "demo-app:req-1");
  CHECK(c.at("received_at") == "2025-05-01T01:30:00Z");
  CHECK(c.at("citizen").as_object() == json::object{{"id", "email:li@example.cn"},
                                                    {"name", "李四"},
                                                    {"phone", "13800000000"},
                                                    {"email", "li@example.cn"}});
  CHECK(c.at("subject") == "路况管理");
  CHECK(c.at("text") == "路面坑洼");
  CHECK(c.at("location").as_object() ==
        json::object{{"address", "彭城路1号"}, {"lat", 34.2612}, {"lon", 117.1853}});
  CHECK(c.at("classification").as_object() == json::object{{"subcategory", "0101"}});
  CHECK(c.at("attachments").as_array() ==
        json::array{json::object{{"kind", "image"}, {"ref", "http://img.example.cn/a.JPG?s=1"}}});
  const json::object& extra = c.at("extra").as_object().at("open311").as_object();
  CHECK(extra.at("client") == "demo-app");
  CHECK(extra.at("device_id") == "dev-9");
  CHECK(extra.at("jurisdiction_id") == "xz.gov.cn");
  CHECK(extra.at("attributes").as_object() ==
        json::object{{"SIZE", "large"}, {"TAGS", json::array{"a", "b"}}});
}

TEST_CASE_METHOD(PostFixture, "a minimal request gets a fresh id, an anonymous citizen and the service as text",
                 "[plugins][web][open311]") {
  Open311Post a = Read("service_code=0105&address_string=%E4%BA%91%E9%BE%99%E5%8C%BA");
  Open311Post b = Read("service_code=0105&address_string=%E4%BA%91%E9%BE%99%E5%8C%BA");
  REQUIRE(a.http_status == 0);
  CHECK(a.channel_message_id.size() == 36);
  CHECK(a.channel_message_id != b.channel_message_id);
  json::object c = ValidContact(a.contact_json);
  CHECK(c.at("citizen").as_object() == json::object{{"id", "anonymous:" + a.channel_message_id}});
  CHECK(c.at("text") == "停车管理");
  CHECK_FALSE(c.contains("attachments"));
  CHECK(c.at("location").as_object() == json::object{{"address", "云龙区"}});

  Open311Post by_address_id = Read("service_code=0105&address_id=A-77&media_url=https%3A%2F%2Fx.cn%2Fv");
  REQUIRE(by_address_id.http_status == 0);
  json::object d = ValidContact(by_address_id.contact_json);
  CHECK_FALSE(d.contains("location"));
  CHECK(d.at("extra").as_object().at("open311").as_object().at("address_id") == "A-77");
  CHECK(d.at("attachments").as_array()[0].as_object().at("kind") == "link");
}

TEST_CASE_METHOD(PostFixture, "the citizen id prefers the account, then e-mail, phone and device",
                 "[plugins][web][open311]") {
  auto citizen_id = [this](const std::string& args) {
    Open311Post p = Read("service_code=0101&lat=1&long=2&" + args);
    REQUIRE(p.http_status == 0);
    return std::string(ValidContact(p.contact_json).at("citizen").as_object().at("id").as_string());
  };
  CHECK(citizen_id("account_id=u1&email=a%40b.cn&phone=123456") == "demo-app:account:u1");
  CHECK(citizen_id("email=a%40b.cn&phone=123456") == "email:a@b.cn");
  CHECK(citizen_id("phone=123456&device_id=d") == "phone:123456");
  CHECK(citizen_id("device_id=d") == "demo-app:device:d");
  Open311Post with_account = Read("service_code=0101&lat=1&long=2&account_id=u1");
  CHECK(with_account.account_id == "u1");
}

TEST_CASE_METHOD(PostFixture, "every error path names its argument", "[plugins][web][open311]") {
  struct Case {
    const char* body;
    int status;
    std::vector<std::string> descriptions;
  };
  const std::string long_text(4001, 'x');
  const Case cases[] = {
      {"lat=1&long=2", 400, {"service_code was not provided"}},
      {"service_code=&lat=1&long=2", 400, {"service_code was not provided"}},
      {"service_code=9999&lat=1&long=2", 404, {"service_code 9999 was not found"}},
      {"service_code=0101", 400, {"a location is required: lat and long, address_string or address_id"}},
      {"service_code=0101&lat=34.2", 400, {"lat and long must both be sent"}},
      {"service_code=0101&long=117", 400, {"lat and long must both be sent"}},
      {"service_code=0101&lat=91&long=117", 400, {"lat must be a WGS-84 latitude in degrees, -90 to 90"}},
      {"service_code=0101&lat=34&long=east", 400, {"long must be a WGS-84 longitude in degrees, -180 to 180"}},
      {"service_code=9999", 404,
       {"service_code 9999 was not found", "a location is required: lat and long, address_string or address_id"}},
  };
  for (const Case& c : cases) {
    INFO(c.body);
    Open311Post p = Read(c.body);
    CHECK(p.http_status == c.status);
    std::vector<std::string> got;
    for (const Open311Error& e : p.errors) got.push_back(e.description);
    CHECK(got == c.descriptions);
    CHECK(p.contact_json.empty());
  }
  Open311Post too_long = Read("service_code=0101&lat=1&long=2&description=" + long_text);
  CHECK(too_long.http_status == 400);
  CHECK(too_long.errors.at(0).description == "description is longer than 4,000 characters");
  // 4,000 characters is the limit in characters, not bytes: 4,000 Chinese characters pass.
  std::string chinese;
  for (int i = 0; i < 4000; ++i) chinese += "%E8%B7%AF";
  CHECK(Read("service_code=0101&lat=1&long=2&description=" + chinese).http_status == 0);
}

TEST_CASE("names: family name first without a space for Chinese names", "[plugins][web][open311]") {
  CHECK(CitizenName(std::string("三"), std::string("张")) == "张三");
  CHECK(CitizenName(std::string("John"), std::string("Smith")) == "John Smith");
  CHECK(CitizenName(std::string("John"), std::nullopt) == "John");
  CHECK(CitizenName(std::nullopt, std::string("张")) == "张");
  CHECK(CitizenName(std::nullopt, std::nullopt).empty());
}

}  // namespace
}  // namespace rexian::web
