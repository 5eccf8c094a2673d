// The annual report: the published figures of one year, as JSON, Markdown or HTML.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "projections/statistics_view.h"
#include "rexian/config.h"

namespace rexian::cli {

// What `rexian report` reports on.
struct AnnualReportRequest {
  int year = 0;
  std::string holiday_subcategory = "0901";  // followed through the holidays (tourism)
  std::int64_t now = 0;                       // Unix seconds
  std::uint64_t log_position = 0;             // the view's checkpoint, printed for provenance
};

// {"title", "city", "year", "log_position", "whole_city": <StatisticsReport
// over every platform>, "city_platform": <StatisticsReport of the city
// platform only>}: the shape of the tables the city publishes.
boost::json::object BuildAnnualReport(const StatisticsView& view, const Config& config,
                                      const AnnualReportRequest& request);

// Renders BuildAnnualReport's document. Counts in 万 with two decimals,
// rates with two decimals, as the city publishes them.
std::string RenderAnnualReportMarkdown(const boost::json::object& report);
// A self-contained HTML page (inline CSS and SVG charts, no network).
std::string RenderAnnualReportHtml(const boost::json::object& report);

}  // namespace rexian::cli
