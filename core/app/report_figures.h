// ReportFigures: the annual report's rows, rounded as the city publishes them.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

namespace rexian::cli {

struct ReportRow {
  std::string label, value;
};
// A count and its share of the parent ("86.16万", "40.42%").
struct ShareRow {
  std::string label, parent, count, share;
  double share_value = 0;  // for charts
};
struct HolidayRow {
  std::string label, now, before, change;
};
struct MonthRow {
  std::string month, received, answered, dispatched;
  std::int64_t received_count = 0;  // for charts
};

// Reads a BuildAnnualReport document; every formatting decision of the
// Markdown and HTML renderers lives here, so both print the same figures.
// Shares and rates are recomputed from the exact counts in integers.
class ReportFigures {
 public:
  explicit ReportFigures(const boost::json::object& report);

  std::string Title() const;
  std::string PeriodText() const;  // "2025-01-01 to 2025-12-31"
  int Year() const;
  std::vector<ReportRow> Summary() const;
  std::string CityReceivedWan() const;
  std::vector<ShareRow> Types() const;          // city platform
  std::vector<ShareRow> Domains() const;        // city platform
  std::vector<ShareRow> Subcategories() const;  // city platform, grouped by domain
  std::string HolidayFocusName() const;
  std::vector<HolidayRow> Holidays() const;     // whole city, the focus sub-category
  std::vector<MonthRow> Months() const;         // whole city
  std::vector<ShareRow> Platforms() const;      // whole city
  std::vector<ShareRow> Channels() const;       // whole city

 private:
  std::vector<ShareRow> Shares(const boost::json::object& part, const char* breakdown,
                               std::int64_t total) const;

  const boost::json::object& report_;
  const boost::json::object& whole_;
  const boost::json::object& city_;
};

}  // namespace rexian::cli
