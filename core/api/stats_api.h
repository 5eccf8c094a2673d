// GET /v1/stats: the statistics view over HTTP.
#pragma once

#include <functional>

#include "projections/statistics_view.h"
#include "rexian/config.h"
#include "rexian/http.h"

namespace rexian::api {

struct StatsApiContext {
  const Config* config = nullptr;
  const StatisticsView* view = nullptr;
  std::function<std::int64_t()> now;  // Unix seconds
};

// GET /v1/stats?from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive local days; default
// today) with optional filters level, platform, channel, type, domain,
// subcategory, department (codes; types and domains also by key), and
// compare=0, holidays=0, monthly=0 to leave those parts out,
// holiday_subcategory=<code> to follow one sub-category through the
// holidays. Answers StatisticsReport's JSON. Any authenticated user.
void AddStatsRoutes(HttpServer* server, const StatsApiContext* ctx);

}  // namespace rexian::api
