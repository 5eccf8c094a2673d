// GET /v1/stats: parsing the query into a StatsRequest.
#include "api/stats_api.h"

#include <boost/json.hpp>
#include <cstdio>

#include "api/auth.h"
#include "api/ticket_api.h"
#include "projections/statistics_report.h"

namespace rexian::api {
namespace {

using std::chrono::sys_days;

// "2025-03-01" -> a day; nullopt when malformed or not a calendar date.
std::optional<sys_days> ParseDay(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!ymd.ok()) return std::nullopt;
  return sys_days(ymd);
}

Result<StatsRequest> ParseStatsQuery(const HttpRequest& req, const StatsApiContext& ctx) {
  StatsRequest r;
  r.now = ctx.now();
  const auto offset = std::chrono::seconds(ctx.view->utc_offset());
  const sys_days today = std::chrono::floor<std::chrono::days>(
      std::chrono::sys_seconds(std::chrono::seconds(r.now)) + offset);
  r.first = r.last = today;
  for (auto [name, target] : {std::pair{"from", &r.first}, {"to", &r.last}}) {
    if (auto v = req.query_param(name)) {
      auto day = ParseDay(*v);
      if (!day) return Status::InvalidArgument(std::string(name) + ": expected a date YYYY-MM-DD, got '" + *v + "'");
      *target = *day;
    }
  }
  if (!req.query_param("to") && req.query_param("from")) r.last = std::max(r.first, today);
  if (r.last < r.first) return Status::InvalidArgument("to: must not be before from");
  if (r.last - r.first > std::chrono::days(3660)) return Status::InvalidArgument("to: a range is at most ten years");
  for (auto [name, target] : {std::pair{"level", &r.scope.level}, {"platform", &r.scope.platform},
                              {"channel", &r.scope.channel}, {"type", &r.scope.type},
                              {"domain", &r.scope.domain}, {"subcategory", &r.scope.subcategory},
                              {"department", &r.scope.department}}) {
    if (auto v = req.query_param(name)) *target = *v;
  }
  if (r.scope.level && *r.scope.level != "city" && *r.scope.level != "county") {
    return Status::InvalidArgument("level: expected 'city' or 'county', got '" + *r.scope.level + "'");
  }
  const Config& c = *ctx.config;
  if (r.scope.platform && !c.organisation.FindPlatform(*r.scope.platform)) {
    return Status::InvalidArgument("platform: no platform '" + *r.scope.platform + "'");
  }
  if (r.scope.type && !c.taxonomy.FindType(*r.scope.type) && !c.taxonomy.FindTypeByKey(*r.scope.type)) {
    return Status::InvalidArgument("type: no type '" + *r.scope.type + "'");
  }
  if (r.scope.domain && !c.taxonomy.FindDomain(*r.scope.domain) && !c.taxonomy.FindDomainByKey(*r.scope.domain)) {
    return Status::InvalidArgument("domain: no domain '" + *r.scope.domain + "'");
  }
  if (r.scope.subcategory && !c.taxonomy.FindSubCategory(*r.scope.subcategory)) {
    return Status::InvalidArgument("subcategory: no sub-category '" + *r.scope.subcategory + "'");
  }
  if (r.scope.department && !c.organisation.FindDepartment(*r.scope.department)) {
    return Status::InvalidArgument("department: no department '" + *r.scope.department + "'");
  }
  for (auto [name, target] : {std::pair{"compare", &r.compare}, {"holidays", &r.holidays}, {"monthly", &r.monthly}}) {
    if (auto v = req.query_param(name)) {
      if (*v != "0" && *v != "1") return Status::InvalidArgument(std::string(name) + ": expected 0 or 1");
      *target = *v == "1";
    }
  }
  if (auto v = req.query_param("holiday_subcategory")) {
    if (!c.taxonomy.FindSubCategory(*v)) return Status::InvalidArgument("holiday_subcategory: no sub-category '" + *v + "'");
    r.holiday_subcategory = *v;
  }
  return r;
}

}  // namespace

void AddStatsRoutes(HttpServer* server, const StatsApiContext* ctx) {
  server->Route("GET", "/v1/stats", [ctx](const HttpRequest& req, HttpResponder respond) {
    HttpResponse denied;
    if (Authenticate(req, ctx->config->users, &denied) == nullptr) return respond(std::move(denied));
    auto request = ParseStatsQuery(req, *ctx);
    if (!request.ok()) return respond(ProblemFor(request.status(), true));
    boost::json::object report = StatisticsReport(*ctx->view, *ctx->config, *request);
    report["checkpoint"] = ctx->view->checkpoint();
    respond(HttpResponse::Json(200, report));
  });
}

}  // namespace rexian::api
