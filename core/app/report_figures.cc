// ReportFigures: picking and rounding the annual report's figures.
#include "app/report_figures.h"

#include <boost/json.hpp>

#include "projections/statistics_report.h"

namespace rexian::cli {
namespace {

namespace json = boost::json;

std::int64_t Int(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : (v && v->is_uint64() ? static_cast<std::int64_t>(v->as_uint64()) : 0);
}

std::string Text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

const json::object& Figures(const json::object& part) { return part.at("figures").as_object(); }

std::string Label(const json::object& row) {
  std::string en = Text(row, "name_en"), zh = Text(row, "name_zh");
  if (en.empty() && zh.empty()) return Text(row, "code");
  if (en.empty()) return zh;
  return zh.empty() ? en : en + " (" + zh + ")";
}

}  // namespace

ReportFigures::ReportFigures(const json::object& report)
    : report_(report),
      whole_(report.at("whole_city").as_object()),
      city_(report.at("city_platform").as_object()) {}

std::string ReportFigures::Title() const { return Text(report_, "title"); }
int ReportFigures::Year() const { return static_cast<int>(Int(report_, "year")); }

std::string ReportFigures::PeriodText() const {
  const json::object& p = whole_.at("period").as_object();
  return Text(p, "from") + " to " + Text(p, "to");
}

std::string ReportFigures::CityReceivedWan() const { return Wan2(Int(Figures(city_), "received")); }

std::vector<ReportRow> ReportFigures::Summary() const {
  const json::object& f = Figures(whole_);
  std::int64_t received = Int(f, "received");
  std::int64_t before = 0;
  if (const json::value* yoy = whole_.if_contains("yoy")) before = Int(Figures(yoy->as_object()), "received");
  std::int64_t city = 0, county = 0;
  for (const json::value& row : whole_.at("by_level").as_array()) {
    if (Text(row.as_object(), "code") == "city") city = Int(row.as_object(), "count");
    if (Text(row.as_object(), "code") == "county") county = Int(row.as_object(), "count");
  }
  const std::int64_t answered = Int(f, "answered_first_contact");
  const std::int64_t on_time = Int(f, "resolved_on_time"), late = Int(f, "resolved_late");
  const std::int64_t good = Int(f, "satisfied") + Int(f, "basically_satisfied");
  std::string yoy = before > 0 ? ", " + Change2(received, before) + "% on " + std::to_string(Year() - 1) : "";
  return {
      {"requests received (诉求), whole city", Wan2(received) + "万" + yoy},
      {"of which city platform (市本级)", Wan2(city) + "万"},
      {"of which counties/districts (各县(市、区))", Wan2(county) + "万"},
      {"answered on first contact (在线解答)", Wan2(answered) + "万, rate " + Percent2(answered, received) + "%"},
      {"dispatched as work orders needing departments", Wan2(Int(f, "dispatched")) + "万"},
      {"on-time completion of dispatched orders", Percent2(on_time, on_time + late) + "%"},
      {"satisfaction of dispatched orders", Percent2(good, Int(f, "rated")) + "%"},
  };
}

std::vector<ShareRow> ReportFigures::Shares(const json::object& part, const char* breakdown,
                                            std::int64_t total) const {
  std::vector<ShareRow> rows;
  for (const json::value& v : part.at(breakdown).as_array()) {
    const json::object& row = v.as_object();
    const std::int64_t count = Int(row, "count");
    ShareRow out{Label(row), "", Wan2(count) + "万", Percent2(count, total) + "%",
                 total ? 100.0 * static_cast<double>(count) / static_cast<double>(total) : 0.0};
    rows.push_back(std::move(out));
  }
  return rows;
}

std::vector<ShareRow> ReportFigures::Types() const {
  return Shares(city_, "by_type", Int(Figures(city_), "received"));
}

std::vector<ShareRow> ReportFigures::Domains() const {
  return Shares(city_, "by_domain", Int(Figures(city_), "received"));
}

std::vector<ShareRow> ReportFigures::Subcategories() const {
  std::vector<ShareRow> rows;
  for (const json::value& d : city_.at("by_domain").as_array()) {
    const json::object& domain = d.as_object();
    const std::string code = Text(domain, "code");
    const std::int64_t domain_count = Int(domain, "count");
    for (const json::value& v : city_.at("by_subcategory").as_array()) {
      const json::object& row = v.as_object();
      if (Text(row, "domain") != code) continue;
      const std::int64_t count = Int(row, "count");
      rows.push_back({Label(row), Label(domain), Wan2(count) + "万", Percent2(count, domain_count) + "%",
                      domain_count ? 100.0 * static_cast<double>(count) / static_cast<double>(domain_count) : 0.0});
    }
  }
  return rows;
}

std::string ReportFigures::HolidayFocusName() const {
  const std::string code = Text(report_, "holiday_subcategory");
  for (const json::value& v : whole_.at("by_subcategory").as_array()) {
    if (Text(v.as_object(), "code") == code) return Label(v.as_object());
  }
  return code;
}

std::vector<HolidayRow> ReportFigures::Holidays() const {
  std::vector<HolidayRow> rows;
  const json::value* holidays = whole_.if_contains("holidays");
  if (!holidays) return rows;
  for (const json::value& v : holidays->as_array()) {
    const json::object& h = v.as_object();
    const std::int64_t now = Int(h, "subcategory_received"), before = Int(h, "subcategory_previous_received");
    const json::object& period = h.at("period").as_object();
    rows.push_back({Label(h) + ", " + Text(period, "from") + " to " + Text(period, "to"),
                    std::to_string(now), std::to_string(before),
                    before > 0 ? Change2(now, before) + "%" : "-"});
  }
  return rows;
}

std::vector<MonthRow> ReportFigures::Months() const {
  std::vector<MonthRow> rows;
  const json::value* monthly = whole_.if_contains("monthly");
  if (!monthly) return rows;
  for (const json::value& v : monthly->as_array()) {
    const json::object& m = v.as_object();
    rows.push_back({Text(m, "month"), Wan2(Int(m, "received")) + "万",
                    Wan2(Int(m, "answered_first_contact")) + "万", Wan2(Int(m, "dispatched")) + "万",
                    Int(m, "received")});
  }
  return rows;
}

std::vector<ShareRow> ReportFigures::Platforms() const {
  return Shares(whole_, "by_platform", Int(Figures(whole_), "received"));
}

std::vector<ShareRow> ReportFigures::Channels() const {
  return Shares(whole_, "by_channel", Int(Figures(whole_), "received"));
}

}  // namespace rexian::cli
