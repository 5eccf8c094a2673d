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
  // One section: a heading and a table whose rows are already formatted cells.
  auto section = [&](const std::string& heading, const std::vector<std::string>& head,
                     const std::vector<std::vector<std::string>>& rows) {
    line("## " + heading);
    line("");
    std::string header = "|", rule = "|";
    for (const std::string& h : head) {
      header += " " + h + " |";
      rule += "---|";
    }
    line(header);
    line(rule);
    for (const auto& cells : rows) {
      std::string row = "|";
      for (const std::string& c : cells) row += " " + c + " |";
      line(row);
    }
    line("");
  };
  auto shares = [](const std::vector<ShareRow>& rows, bool parent) {
    std::vector<std::vector<std::string>> cells;
    for (const ShareRow& r : rows) {
      cells.push_back(parent ? std::vector<std::string>{r.label, r.parent, r.count, r.share}
                           : std::vector<std::string>{r.label, r.count, r.share});
    }
    return cells;
  };
  std::vector<std::vector<std::string>> summary;
  for (const ReportRow& r : f.Summary()) summary.push_back({r.label, r.value});
  section("Summary", {"figure", "value"}, summary);
  section("Types, city platform only (" + f.CityReceivedWan() + "万)", {"type", "count", "share"},
          shares(f.Types(), false));
  section("Domains, city platform only", {"domain", "count", "share"}, shares(f.Domains(), false));
  section("Sub-categories, city platform only (share of their domain)",
          {"sub-category", "domain", "count", "share of its domain"}, shares(f.Subcategories(), true));
  std::vector<std::vector<std::string>> holidays;
  for (const HolidayRow& r : f.Holidays()) holidays.push_back({r.label, r.now, r.before, r.change});
  section("Holidays: " + f.HolidayFocusName() + " requests year on year, whole city",
          {"holiday", std::to_string(f.Year()), std::to_string(f.Year() - 1), "change"}, holidays);
  std::vector<std::vector<std::string>> months;
  for (const MonthRow& r : f.Months()) months.push_back({r.month, r.received, r.answered, r.dispatched});
  section("Monthly trend, whole city", {"month", "received", "answered on first contact", "dispatched"}, months);
  section("Platforms, whole city", {"platform", "count", "share"}, shares(f.Platforms(), false));
  section("Channels, whole city", {"channel", "count", "share"}, shares(f.Channels(), false));
  return out;
}

}  // namespace rexian::cli
