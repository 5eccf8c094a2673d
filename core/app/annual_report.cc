// BuildAnnualReport: the year's two StatisticsReports (whole city and city platform).
#include "app/annual_report.h"

#include "projections/statistics_report.h"

namespace rexian::cli {

boost::json::object BuildAnnualReport(const StatisticsView& view, const Config& config,
                                      const AnnualReportRequest& request) {
  using namespace std::chrono;
  StatsRequest r;
  r.first = sys_days(year(request.year) / January / 1);
  r.last = sys_days(year(request.year) / December / 31);
  r.holiday_subcategory = request.holiday_subcategory;
  r.now = request.now;
  boost::json::object whole = StatisticsReport(view, config, r);
  r.scope.level = "city";
  r.holidays = false;
  boost::json::object city = StatisticsReport(view, config, r);
  const Platform& platform = config.organisation.city();
  return {{"title", platform.name_zh + " 12345 热线 " + std::to_string(request.year) + " 年度报告"},
          {"city", platform.name_zh},
          {"city_en", platform.name_en},
          {"year", request.year},
          {"log_position", request.log_position},
          {"holiday_subcategory", request.holiday_subcategory},
          {"whole_city", std::move(whole)},
          {"city_platform", std::move(city)}};
}

}  // namespace rexian::cli
