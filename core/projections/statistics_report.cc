// StatisticsReport: composing the view's counts into the published figures.
#include "projections/statistics_report.h"

#include <boost/json.hpp>

namespace rexian {
namespace {

namespace json = boost::json;
using std::chrono::sys_days;
using std::chrono::year_month_day;

std::string DateText(sys_days d) {
  year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

double Pct(std::int64_t num, std::int64_t den) {
  return den == 0 ? 0.0 : 100.0 * static_cast<double>(num) / static_cast<double>(den);
}

// The same calendar day a year earlier; 29 February becomes 28 February.
sys_days YearEarlier(sys_days d) {
  year_month_day ymd{d};
  year_month_day back{ymd.year() - std::chrono::years(1), ymd.month(), ymd.day()};
  if (!back.ok()) return sys_days(back.year() / back.month() / std::chrono::last);
  return sys_days(back);
}

json::object Figures(const StatsCounts& c) {
  const std::int64_t resolved = c.resolved_on_time + c.resolved_late;
  const std::int64_t rated = c.satisfied + c.basically_satisfied + c.dissatisfied;
  return {{"received", c.received},
          {"answered_first_contact", c.answered},
          {"first_contact_rate", Pct(c.answered, c.received)},
          {"dispatched", c.dispatched},
          {"resolved_on_time", c.resolved_on_time},
          {"resolved_late", c.resolved_late},
          {"on_time_rate", Pct(c.resolved_on_time, resolved)},
          {"satisfied", c.satisfied},
          {"basically_satisfied", c.basically_satisfied},
          {"dissatisfied", c.dissatisfied},
          {"rated", rated},
          {"satisfaction_rate", Pct(c.satisfied + c.basically_satisfied, rated)},
          {"reopened", c.reopened},
          {"merged", c.merged},
          {"open", c.open},
          {"overdue", c.overdue}};
}

json::object Change(const StatsCounts& now, const StatsCounts& before) {
  auto change = [](std::int64_t a, std::int64_t b) -> json::value {
    if (b == 0) return nullptr;
    return 100.0 * static_cast<double>(a - b) / static_cast<double>(b);
  };
  return {{"received", change(now.received, before.received)},
          {"answered_first_contact", change(now.answered, before.answered)},
          {"dispatched", change(now.dispatched, before.dispatched)}};
}

json::array Breakdown(const std::map<std::string, std::int64_t>& counts, std::int64_t total,
                      const std::function<void(const std::string&, json::object*)>& describe) {
  std::vector<std::pair<std::string, std::int64_t>> rows(counts.begin(), counts.end());
  std::stable_sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.second > b.second; });
  json::array out;
  for (auto& [code, count] : rows) {
    json::object row{{"code", code}, {"count", count}, {"share", Pct(count, total)}};
    describe(code, &row);
    out.push_back(std::move(row));
  }
  return out;
}

json::object Period(sys_days first, sys_days last) {
  return {{"from", DateText(first)}, {"to", DateText(last)}};
}

json::array Holidays(const StatisticsView& view, const Config& config, const StatsRequest& r) {
  json::array out;
  for (const HolidayCalendar& cal : config.calendar.calendars()) {
    for (const Holiday& h : cal.holidays) {
      sys_days first(h.first), last(h.last);
      if (first < r.first || last > r.last) continue;
      auto before = SameHolidayBefore(h, config.calendar.Find(cal.year - 1));
      StatsScope focus = r.scope;
      if (r.holiday_subcategory) focus.subcategory = r.holiday_subcategory;
      StatsCounts now_all = view.Count(first, last, r.scope, r.now);
      StatsCounts now_focus = view.Count(first, last, focus, r.now);
      std::int64_t before_all = 0, before_focus = 0;
      json::array before_periods;
      for (const Holiday* p : before) {
        before_all += view.Count(sys_days(p->first), sys_days(p->last), r.scope, r.now).received;
        before_focus += view.Count(sys_days(p->first), sys_days(p->last), focus, r.now).received;
        json::object period = Period(sys_days(p->first), sys_days(p->last));
        period["key"] = p->key;
        before_periods.push_back(std::move(period));
      }
      json::object row{{"key", h.key}, {"name_zh", h.name_zh}, {"name_en", h.name_en},
                       {"period", Period(first, last)}, {"previous", before_periods},
                       {"received", now_all.received}, {"previous_received", before_all},
                       {"received_change", before_all ? json::value(Pct(now_all.received - before_all, before_all)) : json::value(nullptr)}};
      if (r.holiday_subcategory) {
        row["subcategory"] = *r.holiday_subcategory;
        row["subcategory_received"] = now_focus.received;
        row["subcategory_previous_received"] = before_focus;
        row["subcategory_change"] = before_focus ? json::value(Pct(now_focus.received - before_focus, before_focus)) : json::value(nullptr);
      }
      out.push_back(std::move(row));
    }
  }
  return out;
}

json::array Monthly(const StatisticsView& view, const StatsRequest& r) {
  json::array out;
  year_month_day ymd{r.first};
  std::chrono::year_month month = ymd.year() / ymd.month();
  while (sys_days(month / 1) <= r.last) {
    sys_days first = std::max(sys_days(month / 1), r.first);
    sys_days last = std::min(sys_days(month / std::chrono::last), r.last);
    StatsCounts c = view.Count(first, last, r.scope, r.now);
    char label[16];
    std::snprintf(label, sizeof label, "%04d-%02u", static_cast<int>(month.year()),
                  static_cast<unsigned>(month.month()));
    out.push_back(json::object{{"month", label}, {"received", c.received},
                               {"answered_first_contact", c.answered}, {"dispatched", c.dispatched}});
    month += std::chrono::months(1);
  }
  return out;
}

}  // namespace

std::vector<const Holiday*> SameHolidayBefore(const Holiday& h, const HolidayCalendar* previous) {
  std::vector<const Holiday*> out;
  if (!previous) return out;
  for (const Holiday& p : previous->holidays) {
    if (p.key == h.key) return {&p};
  }
  const std::string key = "_" + h.key + "_";
  for (const Holiday& p : previous->holidays) {
    if (key.find("_" + p.key + "_") != std::string::npos) out.push_back(&p);
  }
  return out;
}

std::string Percent2(std::int64_t num, std::int64_t den) {
  if (den <= 0) return "-";
  const bool negative = num < 0;
  const std::int64_t a = negative ? -num : num;
  // round(a * 10000 / den) half up; counts stay far below 4.6e14, so no overflow.
  const std::int64_t v = (a * 20000 + den) / (2 * den);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", negative && v != 0 ? "-" : "",
                static_cast<long long>(v / 100), static_cast<long long>(v % 100));
  return buf;
}

std::string Change2(std::int64_t now, std::int64_t before) {
  if (before <= 0) return "-";
  std::string p = Percent2(now - before, before);
  return p[0] == '-' ? p : "+" + p;
}

std::string Wan2(std::int64_t count) {
  const std::int64_t v = (count + 50) / 100;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(v / 100),
                static_cast<long long>(v % 100));
  return buf;
}

json::object StatisticsReport(const StatisticsView& view, const Config& config,
                              const StatsRequest& r) {
  StatsCounts c = view.Count(r.first, r.last, r.scope, r.now);
  const Organisation& org = config.organisation;
  const Taxonomy& tax = config.taxonomy;
  json::object scope;
  for (auto [name, value] : {std::pair{"level", &r.scope.level}, {"platform", &r.scope.platform},
                             {"channel", &r.scope.channel}, {"type", &r.scope.type},
                             {"domain", &r.scope.domain}, {"subcategory", &r.scope.subcategory},
                             {"department", &r.scope.department}}) {
    if (*value) scope[name] = **value;
  }
  json::object out{{"period", Period(r.first, r.last)}, {"scope", scope}, {"figures", Figures(c)}};
  out["by_level"] = Breakdown(c.by_level, c.received, [](const std::string& code, json::object* row) {
    (*row)["name_zh"] = code == "city" ? "市本级" : "各县(市、区)";
  });
  out["by_platform"] = Breakdown(c.by_platform, c.received, [&](const std::string& code, json::object* row) {
    if (const Platform* p = org.FindPlatform(code)) {
      (*row)["name_zh"] = p->name_zh;
      (*row)["level"] = p->level == PlatformLevel::kCity ? "city" : "county";
    }
  });
  out["by_channel"] = Breakdown(c.by_channel, c.received, [](const std::string&, json::object*) {});
  out["by_type"] = Breakdown(c.by_type, c.received, [&](const std::string& code, json::object* row) {
    if (const TaxonomyType* t = tax.FindType(code)) {
      (*row)["key"] = t->key;
      (*row)["name_zh"] = t->name_zh;
      (*row)["name_en"] = t->name_en;
    }
  });
  out["by_domain"] = Breakdown(c.by_domain, c.received, [&](const std::string& code, json::object* row) {
    if (const Domain* d = tax.FindDomain(code)) {
      (*row)["key"] = d->key;
      (*row)["name_zh"] = d->name_zh;
      (*row)["name_en"] = d->name_en;
    }
  });
  // Sub-categories: share of their domain, not of the total.
  json::array subs = Breakdown(c.by_subcategory, c.received, [&](const std::string& code, json::object* row) {
    const SubCategory* s = tax.FindSubCategory(code);
    if (!s) return;
    (*row)["domain"] = s->domain_code;
    (*row)["name_zh"] = s->name_zh;
    (*row)["name_en"] = s->name_en;
    auto d = c.by_domain.find(s->domain_code);
    (*row)["share"] = Pct((*row)["count"].as_int64(), d == c.by_domain.end() ? 0 : d->second);
  });
  out["by_subcategory"] = std::move(subs);
  out["by_department"] = Breakdown(c.by_department, c.dispatched, [&](const std::string& code, json::object* row) {
    if (const Department* d = org.FindDepartment(code)) (*row)["name_zh"] = d->name_zh;
  });
  if (r.compare) {
    // A range ending on a month's last day compares with that whole month a
    // year earlier (so February 2025 meets all 29 days of February 2024).
    const sys_days yoy_first = YearEarlier(r.first);
    year_month_day end{r.last};
    sys_days yoy_last = YearEarlier(r.last);
    if (sys_days(end) == sys_days(end.year() / end.month() / std::chrono::last)) {
      yoy_last = sys_days((end.year() - std::chrono::years(1)) / end.month() / std::chrono::last);
    }
    StatsCounts yoy = view.Count(yoy_first, yoy_last, r.scope, r.now);
    out["yoy"] = json::object{{"period", Period(yoy_first, yoy_last)}, {"figures", Figures(yoy)},
                              {"change", Change(c, yoy)}};
    const auto length = r.last - r.first + std::chrono::days(1);
    // A whole calendar month compares with the whole previous month.
    year_month_day f{r.first}, l{r.last};
    sys_days mom_first = r.first - length, mom_last = r.first - std::chrono::days(1);
    if (f.day() == std::chrono::day(1) && sys_days(l) == sys_days(l.year() / l.month() / std::chrono::last) &&
        f.year() / f.month() == l.year() / l.month()) {
      auto prev = f.year() / f.month() - std::chrono::months(1);
      mom_first = sys_days(prev / 1);
      mom_last = sys_days(prev / std::chrono::last);
    }
    StatsCounts mom = view.Count(mom_first, mom_last, r.scope, r.now);
    out["mom"] = json::object{{"period", Period(mom_first, mom_last)}, {"figures", Figures(mom)},
                              {"change", Change(c, mom)}};
  }
  if (r.monthly && year_month_day{r.first}.month() != year_month_day{r.last}.month()) {
    out["monthly"] = Monthly(view, r);
  }
  if (r.holidays) out["holidays"] = Holidays(view, config, r);
  return out;
}

}  // namespace rexian
