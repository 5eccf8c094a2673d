// RenderAnnualReportMarkdown: the annual report as the city's tables, in Markdown.
#include <boost/json.hpp>
#include <cmath>

#include "app/annual_report.h"
#include "app/report_figures.h"

namespace rexian::cli {

namespace json = boost::json;

std::string RenderAnnualReportMarkdown(const json::object& report) {
  ReportFigures f(report);
  std::string out;
  auto line = [&out](const std::string& s) { out += s + "\n"; };
  line("# " + f.Title());
  line("");
  line("Requests received " + f.PeriodText() + ", from the log up to position " +
       std::to_string(report.at("log_position").as_uint64()) +
       ". Counts in 万 (10,000) with two decimals, rates with two decimals, as the city publishes them; "
       "definitions in docs/statistics.md.");
  line("");
  line("## Summary");
  line("");
  line("| figure | value |");
  line("|---|---|");
  for (const ReportRow& row : f.Summary()) line("| " + row.label + " | " + row.value + " |");
  line("");
  line("## Types, city platform only (" + f.CityReceivedWan() + "万)");
  line("");
  line("| type | count | share |");
  line("|---|---|---|");
  for (const ShareRow& row : f.Types()) line("| " + row.label + " | " + row.count + " | " + row.share + " |");
  line("");
  line("## Domains, city platform only");
  line("");
  line("| domain | count | share |");
  line("|---|---|---|");
  for (const ShareRow& row : f.Domains()) line("| " + row.label + " | " + row.count + " | " + row.share + " |");
  line("");
  line("## Sub-categories, city platform only (share of their domain)");
  line("");
  line("| sub-category | domain | count | share of its domain |");
  line("|---|---|---|---|");
  for (const ShareRow& row : f.Subcategories()) {
    line("| " + row.label + " | " + row.parent + " | " + row.count + " | " + row.share + " |");
  }
  line("");
  line("## Holidays: " + f.HolidayFocusName() + " requests year on year, whole city");
  line("");
  line("| holiday | " + std::to_string(f.Year()) + " | " + std::to_string(f.Year() - 1) + " | change |");
  line("|---|---|---|---|");
  for (const HolidayRow& row : f.Holidays()) {
    line("| " + row.label + " | " + row.now + " | " + row.before + " | " + row.change + " |");
  }
  line("");
  line("## Monthly trend, whole city");
  line("");
  line("| month | received | answered on first contact | dispatched |");
  line("|---|---|---|---|");
  for (const MonthRow& row : f.Months()) {
    line("| " + row.month + " | " + row.received + " | " + row.answered + " | " + row.dispatched + " |");
  }
  line("");
  line("## Platforms, whole city");
  line("");
  line("| platform | count | share |");
  line("|---|---|---|");
  for (const ShareRow& row : f.Platforms()) line("| " + row.label + " | " + row.count + " | " + row.share + " |");
  line("");
  line("## Channels, whole city");
  line("");
  line("| channel | count | share |");
  line("|---|---|---|");
  for (const ShareRow& row : f.Channels()) line("| " + row.label + " | " + row.count + " | " + row.share + " |");
  return out;
}

}  // namespace rexian::cli
