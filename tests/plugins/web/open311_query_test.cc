// GET requests arguments and the list_tickets queries they become.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <set>

#include "catalogue_fixture.h"
#include "web/open311_query.h"

namespace rexian::web {
namespace {

namespace json = boost::json;
using testing::TestCatalogue;

struct QueryFixture {
  ServiceCatalogue catalogue = TestCatalogue();
  Seconds now = *ParseW3Time("2025-06-30T12:00:00Z");

  RequestsQueryOutcome Read(const std::string& query, int limit = 1000) {
    return ReadRequestsQuery(FormFields(*DecodeForm(query)), now, catalogue, limit);
  }
};

TEST_CASE_METHOD(QueryFixture, "no arguments: the last 90 days, every status and service",
                 "[plugins][web][open311]") {
  RequestsQueryOutcome out = Read("");
  REQUIRE(out.http_status == 0);
  CHECK(out.query.opened_from == "2025-04-01T12:00:00Z");
  CHECK(out.query.opened_to == "2025-06-30T12:00:01Z");  // end_date is inclusive
  std::vector<std::string> queries = ListTicketsQueries(out.query, "open311");
  REQUIRE(queries.size() == 1);
  CHECK(json::parse(queries[0]) == json::parse(R"({"opened_from": "2025-04-01T12:00:00Z",
      "opened_to": "2025-06-30T12:00:01Z", "limit": 1000, "channel": "open311"})"));
  CHECK_FALSE(json::parse(ListTicketsQueries(out.query, "")[0]).as_object().contains("channel"));
}

TEST_CASE_METHOD(QueryFixture, "dates: one given is 90 days from the other, at most 90 days apart",
                 "[plugins][web][open311]") {
  auto start_only = Read("start_date=2025-01-01T00:00:00%2B08:00");
  CHECK(start_only.query.opened_from == "2024-12-31T16:00:00Z");
  CHECK(start_only.query.opened_to == "2025-03-31T16:00:01Z");
  auto end_only = Read("end_date=2025-03-31T00:00:00Z");
  CHECK(end_only.query.opened_from == "2024-12-31T00:00:00Z");
  auto both = Read("start_date=2025-05-01T00:00:00Z&end_date=2025-05-02T00:00:00Z");
  CHECK(both.query.opened_from == "2025-05-01T00:00:00Z");
  CHECK(both.query.opened_to == "2025-05-02T00:00:01Z");

  CHECK(Read("start_date=2025-01-01T00:00:00Z&end_date=2025-04-02T00:00:00Z").errors.at(0).description ==
        "start_date and end_date may not span more than 90 days");
  CHECK(Read("start_date=2025-05-02T00:00:00Z&end_date=2025-05-01T00:00:00Z").errors.at(0).description ==
        "end_date is before start_date");
  auto bad = Read("start_date=2025-05-01");
  CHECK(bad.http_status == 400);
  CHECK(bad.errors.at(0).description ==
        "start_date must be a W3C date-time with a zone, e.g. 2010-01-01T00:00:00Z");
}

TEST_CASE_METHOD(QueryFixture, "status and service_code lists split into one query per partition",
                 "[plugins][web][open311]") {
  auto open = Read("status=open&service_code=0101,0105", 50);
  REQUIRE(open.http_status == 0);
  CHECK(open.query.service_codes == std::vector<std::string>{"0101", "0105"});
  std::vector<std::string> queries = ListTicketsQueries(open.query, "web");
  CHECK(queries.size() == 2 * 5);  // 2 services x 5 ticket statuses that are "open"
  std::set<std::pair<std::string, std::string>> partitions;
  for (const std::string& q : queries) {
    json::object o = json::parse(q).as_object();
    CHECK(o.at("limit") == 50);
    partitions.emplace(o.at("subcategory").as_string(), o.at("status").as_string());
  }
  CHECK(partitions.size() == 10);
  CHECK(partitions.count({"0105", "acknowledged"}) == 1);

  CHECK(Read("status=open,closed").query.open311_statuses.empty());  // both: no filter
  CHECK(ListTicketsQueries(Read("status=closed&status=closed").query, "web").size() == 5);
  CHECK(Read("status=pending").errors.at(0).description == "status must be open or closed, not 'pending'");
  auto unknown = Read("service_code=0101,7777");
  CHECK(unknown.http_status == 400);
  CHECK(unknown.errors.at(0).description == "service_code 7777 was not found");
}

TEST_CASE_METHOD(QueryFixture, "service_request_id lists override the other arguments", "[plugins][web][open311]") {
  auto ids = Read("service_request_id=320302-2025-0000042,%20320302-2025-0000043&status=open");
  REQUIRE(ids.http_status == 0);
  CHECK(ids.query.ids == std::vector<std::string>{"320302-2025-0000042", "320302-2025-0000043"});
  std::string many = "service_request_id=";
  for (int i = 0; i < 101; ++i) many += std::to_string(i) + ",";
  CHECK(Read(many).errors.at(0).description == "service_request_id lists more than 100 requests");
}

}  // namespace
}  // namespace rexian::web
