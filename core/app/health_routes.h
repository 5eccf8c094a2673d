// /healthz, /readyz and /metrics on the server.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "rexian/event_store.h"
#include "rexian/http.h"
#include "rexian/metrics.h"

namespace rexian::cli {

// Named readiness checks; /readyz answers 200 when all pass, 503 otherwise,
// listing each check's state. Thread-safe.
class Readiness {
 public:
  // `check` returns OK when its part is ready, or the reason it is not.
  void Add(std::string name, std::function<Status()> check);
  // Every check's outcome, in registration order.
  std::vector<std::pair<std::string, Status>> Evaluate() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::pair<std::string, std::function<Status()>>> checks_;
};

// Exports the store's counters, append-latency histogram, head position and
// size as rexian_store_* metrics, computed at scrape time.
void ExportStoreMetrics(EventStore* store, MetricsRegistry* registry);

// Registers GET /healthz (the process is up), GET /readyz and GET /metrics.
// REQUIRES: readiness and registry outlive the server.
void AddHealthRoutes(HttpServer* server, const Readiness* readiness,
                     const MetricsRegistry* registry);

}  // namespace rexian::cli
