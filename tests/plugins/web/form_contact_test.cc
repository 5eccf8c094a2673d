// The JSON form endpoint's body: problems by field, and the contact it becomes.
#include <catch2/catch.hpp>

#include "catalogue_fixture.h"
#include "contact_schema.h"
#include "web/contact_errors.h"
#include "web/form_contact.h"

namespace rexian::web {
namespace {

namespace json = boost::json;
using testing::TestCatalogue;
using testing::ValidContact;

struct FormFixture {
  ServiceCatalogue catalogue = TestCatalogue();
  FormContext context{"web", "", "2025-05-01T01:30:00Z", &catalogue};

  std::vector<std::string> Problems(const std::string& body) {
    FormContact form = ReadFormContact(body, context);
    std::vector<std::string> out;
    for (const FieldProblem& p : form.problems) out.push_back(p.field + ": " + p.message);
    return out;
  }
};

TEST_CASE_METHOD(FormFixture, "a full form becomes a valid contact", "[plugins][web][form]") {
  FormContact form = ReadFormContact(R"({
      "name": "王五", "phone": "13900000000", "email": "wang@example.cn", "subject": "路灯不亮",
      "text": "解放路路灯连续三晚不亮", "category": "0101", "client_request_id": "f-20250501-001",
      "location": {"address": "解放路", "lat": 34.25, "lon": 117.18, "district_code": "320302"}})",
                                     context);
  REQUIRE_FALSE(form.malformed);
  REQUIRE(form.problems.empty());
  CHECK(form.channel_message_id == "f-20250501-001");
  CHECK(form.client_request_id == "f-20250501-001");
  json::object c = ValidContact(form.contact_json);
  CHECK(c.at("channel") == "web");
  CHECK(c.at("channel_message_id") == "f-20250501-001");
  CHECK(c.at("citizen").as_object() == json::object{{"id", "phone:13900000000"},
                                                    {"name", "王五"},
                                                    {"phone", "13900000000"},
                                                    {"email", "wang@example.cn"}});
  CHECK(c.at("subject") == "路灯不亮");
  CHECK(c.at("location").as_object() == json::object{{"address", "解放路"},
                                                     {"lat", 34.25},
                                                     {"lon", 117.18},
                                                     {"district_code", "320302"}});
  CHECK(c.at("classification").as_object() == json::object{{"subcategory", "0101"}});
  CHECK_FALSE(c.contains("extra"));
}

TEST_CASE_METHOD(FormFixture, "an API client's ids are prefixed with its name", "[plugins][web][form]") {
  context.client = "city-site";
  FormContact form = ReadFormContact(R"({"text": "t", "email": "a@b.cn", "client_request_id": "x1"})", context);
  REQUIRE(form.problems.empty());
  CHECK(form.channel_message_id == "city-site:x1");
  CHECK(form.client_request_id == "x1");
  json::object c = ValidContact(form.contact_json);
  CHECK(c.at("citizen").as_object().at("id") == "email:a@b.cn");
  CHECK(c.at("extra").as_object() == json::object{{"web", json::object{{"client", "city-site"}}}});

  context.client = "";
  FormContact anonymous = ReadFormContact(R"({"text": "t", "client_request_id": "x1"})", context);
  CHECK(ValidContact(anonymous.contact_json).at("citizen").as_object().at("id") == "anonymous:x1");
}

TEST_CASE_METHOD(FormFixture, "every problem is named by its form field", "[plugins][web][form]") {
  CHECK(Problems(R"({})") ==
        std::vector<std::string>{"text: is required", "client_request_id: is required"});
  CHECK(Problems(R"({"text": "", "client_request_id": ""})") ==
        std::vector<std::string>{"text: must not be empty", "client_request_id: must not be empty"});
  CHECK(Problems(R"({"text": null, "client_request_id": "a:b"})") ==
        std::vector<std::string>{"text: is required",
                                 "client_request_id: must be 1 to 100 characters from 0-9, A-Z, a-z, '_', "
                                 "'.', '-'"});
  CHECK(Problems(R"({"text": 5, "client_request_id": "a", "phone": 139, "colour": "red"})") ==
        std::vector<std::string>{"colour: is not a field of this form", "phone: must be a string",
                                 "text: must be a string"});
  CHECK(Problems(R"({"text": "t", "client_request_id": "a", "category": "0199"})") ==
        std::vector<std::string>{
            "category: is not a known sub-category code (see GET <open311_prefix>/services.json)"});
  CHECK(Problems(R"({"text": "t", "client_request_id": "a", "location": "here"})") ==
        std::vector<std::string>{"location: must be an object"});
  CHECK(Problems(R"({"text": "t", "client_request_id": "a", "location": {"lat": 95, "lon": 200, "x": 1}})") ==
        std::vector<std::string>{"location.x: is not a field of this form",
                                 "location.lat: must be between -90 and 90",
                                 "location.lon: must be between -180 and 180"});
  CHECK(Problems(R"({"text": "t", "client_request_id": "a", "location": {"lat": 34}})") ==
        std::vector<std::string>{"location.lon: is required together with lat"});
  CHECK(Problems(R"({"text": "t", "client_request_id": "a", "location": {"lat": null, "lon": 117}})") ==
        std::vector<std::string>{"location.lat: is required together with lon"});

  FormContact not_json = ReadFormContact("text=hello", context);
  CHECK(not_json.malformed);
  CHECK(ReadFormContact("[1, 2]", context).malformed_reason == "the body must be a JSON object");
}

TEST_CASE("host errors are read, and contact pointers named as each endpoint names them",
          "[plugins][web][form]") {
  HostError e = ParseHostError(R"({"error": "contact: 2 problems", "fields": [
      {"field": "/citizen/phone", "message": "must match ^[+]?[0-9]..."},
      {"field": "/location/lon", "message": "must be <= 180"}], "quarantine_id": "q-17"})");
  CHECK(e.error == "contact: 2 problems");
  CHECK(e.quarantine_id == "q-17");
  REQUIRE(e.fields.size() == 2);
  CHECK(FormFieldOf(e.fields[0].field) == "phone");
  CHECK(FormFieldOf(e.fields[1].field) == "location.lon");
  CHECK(Open311FieldOf(e.fields[1].field) == "long");
  CHECK(ParseHostError("not json").error == "not json");

  CHECK(FormFieldOf("/text") == "text");
  CHECK(FormFieldOf("/classification/subcategory") == "category");
  CHECK(FormFieldOf("/channel_message_id") == "client_request_id");
  CHECK(FormFieldOf("/textual") == "/textual");  // a prefix must end at a segment
  CHECK(Open311FieldOf("/text") == "description");
  CHECK(Open311FieldOf("/citizen/name") == "first_name, last_name");
  CHECK(Open311FieldOf("/attachments/0/ref") == "media_url");
  CHECK(Open311FieldOf("/location/address") == "address_string");
  CHECK(Open311FieldOf("/channel_message_id") == "Idempotency-Key");
  CHECK(Open311FieldOf("/urgency") == "/urgency");
}

}  // namespace
}  // namespace rexian::web
