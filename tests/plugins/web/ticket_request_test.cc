// Ticket documents as Open311 service requests; the service catalogue.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "catalogue_fixture.h"
#include "web/ticket_request.h"

namespace rexian::web {
namespace {

namespace json = boost::json;
using testing::TestCatalogue;

// A ticket as the host's get_ticket hands it over (the /v1/tickets document,
// no personal data, plus reply and district_code).
json::object Ticket() {
  return json::parse(R"({
    "id": "ticket-320302-2025-0000042", "number": "320302-2025-0000042", "version": 4,
    "status": "acknowledged", "platform": "320302", "level": "county", "channel": "open311",
    "urgency": "normal", "citizen": "c-0123", "opened_at": "2025-05-01T09:30:00+08:00",
    "classification": {"type": "complaint", "domain": "transport", "subcategory": "0101"},
    "answered_at": null, "lead_department": "3203-006", "assisting_departments": [],
    "deadline": "2025-05-08T23:59:59+08:00", "acknowledged_at": "2025-05-01T11:00:00+08:00",
    "pending_extension": null, "resolved_at": null, "closed_at": null,
    "follow_ups": [], "reply": null, "district_code": "320302"})").as_object();
}

TEST_CASE("a dispatched ticket maps member by member", "[plugins][web][open311]") {
  auto request = RequestFromTicket(Ticket(), TestCatalogue());
  REQUIRE(request.ok());
  CHECK(request->service_request_id == "320302-2025-0000042");
  CHECK(request->status == "open");
  CHECK_FALSE(request->status_notes.has_value());
  CHECK(request->service_code == "0101");
  CHECK(request->service_name == "路况管理");
  CHECK(request->agency_responsible == "徐州市公安局");
  CHECK(request->requested_datetime == "2025-05-01T09:30:00+08:00");
  CHECK(request->updated_datetime == "2025-05-01T11:00:00+08:00");  // the latest time it carries
  CHECK(request->expected_datetime == "2025-05-08T23:59:59+08:00");

  auto english = RequestFromTicket(Ticket(), TestCatalogue("en"));
  CHECK(english->service_name == "Road and traffic management");
  CHECK(english->agency_responsible == "Xuzhou Public Security Bureau");
}

TEST_CASE("a resolved ticket is closed, with the reply as status_notes", "[plugins][web][open311]") {
  json::object t = Ticket();
  t["status"] = "resolved";
  t["resolved_at"] = "2025-05-03T16:00:00+08:00";
  t["reply"] = "已修复";
  auto request = RequestFromTicket(t, TestCatalogue());
  CHECK(request->status == "closed");
  CHECK(request->status_notes == "已修复");
  CHECK(request->updated_datetime == "2025-05-03T16:00:00+08:00");  // when it was closed

  t["reply"] = json::object{{"text", "已修复，谢谢"}, {"department", "3203-006"}};
  t["status"] = "followed_up";
  t["follow_ups"] = json::array{json::object{{"rating", "satisfied"}, {"solved", true},
                                             {"at", "2025-05-04T10:00:00+08:00"}}};
  request = RequestFromTicket(t, TestCatalogue());
  CHECK(request->status_notes == "已修复，谢谢");
  CHECK(request->updated_datetime == "2025-05-03T16:00:00+08:00");  // closed at resolution

  t["updated_at"] = "2025-05-04T10:00:01+08:00";  // the host's own time wins when it has one
  CHECK(RequestFromTicket(t, TestCatalogue())->updated_datetime == "2025-05-04T10:00:01+08:00");
}

TEST_CASE("an unclassified, undispatched ticket has null service and agency", "[plugins][web][open311]") {
  json::object t = Ticket();
  t["status"] = "received";
  t["classification"] = nullptr;
  t["lead_department"] = "";
  t["deadline"] = nullptr;
  t["acknowledged_at"] = nullptr;
  auto request = RequestFromTicket(t, TestCatalogue());
  REQUIRE(request.ok());
  CHECK_FALSE(request->service_code.has_value());
  CHECK_FALSE(request->service_name.has_value());
  CHECK_FALSE(request->agency_responsible.has_value());
  CHECK_FALSE(request->expected_datetime.has_value());
  CHECK(request->updated_datetime == "2025-05-01T09:30:00+08:00");

  t.erase("number");
  CHECK(RequestFromTicket(t, TestCatalogue()).error() == "ticket: expected a string `number`");
}

TEST_CASE("Open311 status: closed once answered or resolved", "[plugins][web][open311]") {
  for (const char* s : {"received", "classified", "dispatched", "acknowledged", "returned"}) {
    CHECK(Open311StatusOf(s) == "open");
  }
  for (const char* s : {"answered", "resolved", "followed_up", "closed", "merged"}) {
    CHECK(Open311StatusOf(s) == "closed");
  }
  for (const char* open311 : {"open", "closed"}) {
    for (const std::string& s : TicketStatusesOf(open311)) CHECK(Open311StatusOf(s) == open311);
  }
  CHECK(TicketStatusesOf("open").size() + TicketStatusesOf("closed").size() == 10);
}

TEST_CASE("the catalogue has one service per sub-category, grouped by domain", "[plugins][web][open311]") {
  ServiceCatalogue catalogue = TestCatalogue();
  REQUIRE(catalogue.services().size() == 3);
  const Service& first = catalogue.services()[0];
  CHECK(first.service_code == "0101");
  CHECK(first.group == "交通出行");
  CHECK(first.keywords == std::vector<std::string>{"路况", "拥堵"});
  CHECK_FALSE(first.metadata);
  CHECK(first.type == "realtime");
  CHECK(catalogue.services()[2].group == "民生保障");
  CHECK(catalogue.Find("0105") != nullptr);
  CHECK(catalogue.Find("0199") == nullptr);
  CHECK(*catalogue.DepartmentName("3203-006") == "徐州市公安局");
  CHECK(catalogue.DepartmentName("3203-999") == nullptr);

  CHECK(ServiceCatalogue::FromHostSections("[]", "{}", "zh").error() ==
        "taxonomy section: expected a JSON object");
  CHECK(ServiceCatalogue::FromHostSections(R"({"domains": [{"code": "01", "subcategories": [{"code": "0101"}]}]})",
                                           "{}", "zh")
            .error() == "taxonomy.domains[0].subcategories[0]: expected a code and a name");
}

}  // namespace
}  // namespace rexian::web
