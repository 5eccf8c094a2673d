// Health, readiness and Prometheus metrics endpoints.
#include "app/health_routes.h"

#include <boost/json.hpp>

namespace rexian::cli {

void Readiness::Add(std::string name, std::function<Status()> check) {
  std::lock_guard<std::mutex> lock(mu_);
  checks_.emplace_back(std::move(name), std::move(check));
}

std::vector<std::pair<std::string, Status>> Readiness::Evaluate() const {
  std::vector<std::pair<std::string, std::function<Status()>>> checks;
  {
    std::lock_guard<std::mutex> lock(mu_);
    checks = checks_;
  }
  std::vector<std::pair<std::string, Status>> out;
  for (auto& [name, check] : checks) out.emplace_back(name, check());
  return out;
}

void ExportStoreMetrics(EventStore* store, MetricsRegistry* registry) {
  registry->AddCollector([store](MetricsWriter& w) {
    StoreStats s = store->Stats();
    w.WriteCounter("rexian_store_appends_total", "Append requests acknowledged as durable.",
                   static_cast<double>(s.appends));
    w.WriteCounter("rexian_store_events_appended_total", "Events written to the log.",
                   static_cast<double>(s.events_appended));
    w.WriteCounter("rexian_store_batches_total", "Group-commit transactions committed.",
                   static_cast<double>(s.batches));
    w.WriteCounter("rexian_store_conflicts_total", "Appends refused for an expected-version conflict.",
                   static_cast<double>(s.conflicts));
    w.WriteCounter("rexian_store_append_failures_total",
                   "Appends failed for I/O, disk space or invalid input.",
                   static_cast<double>(s.failed_appends));
    w.WriteCounter("rexian_store_commits_resolved_total",
                   "PostgreSQL: batches whose COMMIT answer was lost and whose outcome was looked "
                   "up before answering.",
                   static_cast<double>(s.commits_resolved));
    HistogramSnapshot h;
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < std::size(StoreStats::kLatencyBuckets); ++i) {
      cumulative += s.latency_counts[i];
      h.upper_bounds.push_back(StoreStats::kLatencyBuckets[i]);
      h.cumulative_counts.push_back(cumulative);
    }
    cumulative += s.latency_counts[std::size(StoreStats::kLatencyBuckets)];
    h.cumulative_counts.push_back(cumulative);
    h.count = cumulative;
    h.sum = s.latency_sum_seconds;
    w.WriteHistogram("rexian_store_append_latency_seconds",
                     "Time from enqueueing an append to its durable acknowledgement.", h);
    w.WriteGauge("rexian_log_head_position", "Global position of the last durable event.",
                 static_cast<double>(s.head_position));
    w.WriteGauge("rexian_store_size_bytes", "Bytes of the log in use on disk.",
                 static_cast<double>(s.size_bytes));
  });
}

void AddHealthRoutes(HttpServer* server, const Readiness* readiness,
                     const MetricsRegistry* registry) {
  server->Route("GET", "/healthz", [](const HttpRequest&, HttpResponder respond) {
    respond(HttpResponse::Json(200, boost::json::object{{"status", "ok"}}));
  });
  server->Route("GET", "/readyz", [readiness](const HttpRequest&, HttpResponder respond) {
    boost::json::object checks;
    bool ready = true;
    for (auto& [name, status] : readiness->Evaluate()) {
      ready = ready && status.ok();
      checks[name] = status.ok() ? boost::json::value("ok") : boost::json::value(status.ToString());
    }
    respond(HttpResponse::Json(ready ? 200 : 503,
                               boost::json::object{{"ready", ready}, {"checks", checks}}));
  });
  server->Route("GET", "/metrics", [registry](const HttpRequest&, HttpResponder respond) {
    respond(HttpResponse::Text(200, registry->Render(), std::string(kPrometheusTextContentType)));
  });
}

}  // namespace rexian::cli
