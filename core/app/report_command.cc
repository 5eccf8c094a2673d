// `rexian report`: the annual report from the statistics view.
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>

#include "app/annual_report.h"
#include "app/cli_args.h"
#include "app/commands.h"
#include "app/live_report.h"
#include "app/progress.h"
#include "app/runtime.h"
#include "app/views.h"

namespace rexian::cli {
namespace {

constexpr const char* kUsage =
    "usage: rexian report --year YYYY [--format md|json|html] [--out FILE] "
    "[--holiday-subcategory CODE] [--config FILE]\n"
    "       rexian report --live SESSION [--format md|json] [--out FILE] [--config FILE]";

// The statistics view, current up to the log's head. With the server
// stopped, the views are opened under their lock and caught up; with a
// server running (it holds the lock and keeps the view current), the view is
// read as the server left it.
struct OpenedStatistics {
  std::unique_ptr<Views> views;                     // when we hold the lock
  std::unique_ptr<StatisticsView> shared_view;      // read-only, the server's
  StatisticsView* view = nullptr;
};

Result<OpenedStatistics> OpenStatistics(Runtime* rt) {
  OpenedStatistics out;
  auto views = Views::Open(rt->config);
  if (views.ok()) {
    out.views = std::move(views).value();
    Progress progress("report: catching up");
    // Only the statistics: the ticket view catches up when the server starts.
    auto caught = CatchUp(rt->store.get(), {out.views->statistics()}, &progress);
    if (!caught.ok()) return caught.status();
    progress.Finish(*caught);
    out.view = out.views->statistics();
    return out;
  }
  if (!views.status().IsUnavailable()) return views.status();
  auto shared = StatisticsView::Open(rt->config.store.views_path + "/statistics",
                                     ConfiguredUtcOffset(rt->config), /*read_only=*/true,
                                     CanonicalCodes(rt->config.taxonomy));
  if (!shared.ok()) return shared.status();
  out.shared_view = std::move(shared).value();
  out.view = out.shared_view.get();
  return out;
}

}  // namespace

int RunReport(const Args& raw) {
  auto args = CliArgs::Parse(raw, {"config", "year", "format", "out", "holiday-subcategory", "live"}, {});
  if (!args.ok()) return Fail("report", args.status().message() + "\n" + kUsage, 2);
  if (args->Has("live")) return RunLiveReport(*args);  // one livestream session (live_report.h)
  const std::string format = args->Get("format", "md");
  if (format != "md" && format != "json" && format != "html") {
    return Fail("report", "--format must be md, json or html, not '" + format + "'", 2);
  }
  auto year = args->GetUint("year", 0);
  if (!year.ok() || *year < 1970 || *year > 9999) {
    return Fail("report", std::string("--year YYYY is required (a year from 1970)\n") + kUsage, 2);
  }
  auto rt = OpenRuntime(args->Get("config", kDefaultConfig), RuntimeNeeds{});
  if (!rt.ok()) return Fail("report", rt.status().ToString(), 2);
  auto stats = OpenStatistics(rt->get());
  if (!stats.ok()) return Fail("report", stats.status().ToString(), 1);

  AnnualReportRequest request;
  request.year = static_cast<int>(*year);
  request.holiday_subcategory = args->Get("holiday-subcategory", "0901");
  if (!(*rt)->config.taxonomy.FindSubCategory(request.holiday_subcategory)) {
    return Fail("report", "--holiday-subcategory: no sub-category '" + request.holiday_subcategory +
                              "' in the taxonomy", 2);
  }
  request.now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  request.log_position = stats->view->checkpoint();
  boost::json::object report = BuildAnnualReport(*stats->view, (*rt)->config, request);
  std::string text = format == "json"   ? boost::json::serialize(report) + "\n"
                     : format == "html" ? RenderAnnualReportHtml(report)
                                        : RenderAnnualReportMarkdown(report);
  if (args->Has("out")) {
    std::ofstream out(args->Get("out"), std::ios::binary);
    out << text;
    if (!out.good()) return Fail("report", "cannot write '" + args->Get("out") + "'", 1);
  } else {
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  return 0;
}

}  // namespace rexian::cli
