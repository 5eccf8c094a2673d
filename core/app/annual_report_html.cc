// RenderAnnualReportHtml: the annual report as one self-contained page with SVG charts.
#include <boost/json.hpp>
#include <cstdio>

#include "app/annual_report.h"
#include "app/report_figures.h"

namespace rexian::cli {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Table(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<table><thead><tr>";
  for (const auto& h : head) out += "<th>" + Escape(h) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& row : rows) {
    out += "<tr>";
    for (const auto& cell : row) out += "<td>" + Escape(cell) + "</td>";
    out += "</tr>";
  }
  return out + "</tbody></table>\n";
}

// Horizontal bars, one per row, labelled with the row's published share.
std::string ShareChart(const std::vector<ShareRow>& rows, const std::string& title) {
  const int bar = 22, label_w = 330, chart_w = 360;
  const int height = static_cast<int>(rows.size()) * bar + 30;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" +
                    std::to_string(label_w + chart_w + 80) + "\" height=\"" + std::to_string(height) +
                    "\"><title>" + Escape(title) + "</title>";
  double max = 0;
  for (const auto& r : rows) max = std::max(max, r.share_value);
  int y = 20;
  for (const auto& r : rows) {
    const double w = max > 0 ? chart_w * r.share_value / max : 0;
    svg += "<text x=\"" + std::to_string(label_w - 6) + "\" y=\"" + std::to_string(y + 15) +
           "\" text-anchor=\"end\">" + Escape(r.label) + "</text>";
    svg += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 3) + "\" width=\"" +
           Num(w) + "\" height=\"" + std::to_string(bar - 6) + "\" fill=\"#c0392b\"/>";
    svg += "<text x=\"" + Num(label_w + w + 6) + "\" y=\"" + std::to_string(y + 15) + "\">" +
           Escape(r.share) + "</text>";
    y += bar;
  }
  return svg + "</svg>\n";
}

// Columns, one per month, of requests received.
std::string MonthChart(const std::vector<MonthRow>& months) {
  const int col = 48, chart_h = 220, top = 20;
  const int width = static_cast<int>(months.size()) * col + 40;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + std::to_string(width) +
                    "\" height=\"" + std::to_string(chart_h + top + 40) + "\"><title>Monthly trend</title>";
  std::int64_t max = 0;
  for (const auto& m : months) max = std::max(max, m.received_count);
  int x = 20;
  for (const auto& m : months) {
    const double h = max > 0 ? chart_h * static_cast<double>(m.received_count) / static_cast<double>(max) : 0;
    svg += "<rect x=\"" + std::to_string(x + 6) + "\" y=\"" + Num(top + chart_h - h) + "\" width=\"" +
           std::to_string(col - 12) + "\" height=\"" + Num(h) + "\" fill=\"#2c7fb8\"><title>" +
           Escape(m.month + ": " + m.received) + "</title></rect>";
    svg += "<text x=\"" + std::to_string(x + col / 2) + "\" y=\"" + Num(top + chart_h - h - 4) +
           "\" text-anchor=\"middle\" font-size=\"10\">" + Escape(m.received) + "</text>";
    svg += "<text x=\"" + std::to_string(x + col / 2) + "\" y=\"" + std::to_string(top + chart_h + 16) +
           "\" text-anchor=\"middle\" font-size=\"11\">" + Escape(m.month.substr(5)) + "</text>";
    x += col;
  }
  return svg + "</svg>\n";
}

std::vector<std::vector<std::string>> ShareCells(const std::vector<ShareRow>& rows, bool parent) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : rows) {
    if (parent) {
      out.push_back({r.label, r.parent, r.count, r.share});
    } else {
      out.push_back({r.label, r.count, r.share});
    }
  }
  return out;
}

}  // namespace

std::string RenderAnnualReportHtml(const boost::json::object& report) {
  ReportFigures f(report);
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + Escape(f.Title()) +
      "</title>\n<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}"
      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
      "th{background:#f3f3f3}svg text{font-family:sans-serif;font-size:12px}</style></head><body>\n";
  html += "<h1>" + Escape(f.Title()) + "</h1>\n<p>Requests received " + Escape(f.PeriodText()) +
          ". Counts in 万 (10,000) with two decimals, rates with two decimals.</p>\n";
  std::vector<std::vector<std::string>> summary;
  for (const auto& row : f.Summary()) summary.push_back({row.label, row.value});
  html += "<h2>Summary</h2>\n" + Table({"figure", "value"}, summary);
  html += "<h2>Types, city platform only (" + Escape(f.CityReceivedWan()) + "万)</h2>\n" +
          ShareChart(f.Types(), "Type shares") + Table({"type", "count", "share"}, ShareCells(f.Types(), false));
  html += "<h2>Domains, city platform only</h2>\n" + ShareChart(f.Domains(), "Domain shares") +
          Table({"domain", "count", "share"}, ShareCells(f.Domains(), false));
  html += "<h2>Sub-categories, city platform only</h2>\n" +
          Table({"sub-category", "domain", "count", "share of its domain"}, ShareCells(f.Subcategories(), true));
  std::vector<std::vector<std::string>> holidays;
  for (const auto& h : f.Holidays()) holidays.push_back({h.label, h.now, h.before, h.change});
  html += "<h2>Holidays: " + Escape(f.HolidayFocusName()) + " requests year on year</h2>\n" +
          Table({"holiday", std::to_string(f.Year()), std::to_string(f.Year() - 1), "change"}, holidays);
  std::vector<std::vector<std::string>> months;
  for (const auto& m : f.Months()) months.push_back({m.month, m.received, m.answered, m.dispatched});
  html += "<h2>Monthly trend</h2>\n" + MonthChart(f.Months()) +
          Table({"month", "received", "answered on first contact", "dispatched"}, months);
  html += "<h2>Platforms</h2>\n" + ShareChart(f.Platforms(), "Platform shares") +
          Table({"platform", "count", "share"}, ShareCells(f.Platforms(), false));
  html += "<h2>Channels</h2>\n" + Table({"channel", "count", "share"}, ShareCells(f.Channels(), false));
  return html + "</body></html>\n";
}

}  // namespace rexian::cli
