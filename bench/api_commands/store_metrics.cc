// Parsing the few store lines of the Prometheus text the server exposes.
#include "store_metrics.h"

#include <sstream>
#include <string>

#include "server/http_client.h"

namespace rexian::api_bench {

Result<StoreCounters> ScrapeStoreCounters(std::uint16_t port) {
  std::string text;
  try {
    testing::HttpClient client("127.0.0.1", port, std::chrono::seconds(10));
    auto response = client.Request("GET", "/metrics");
    if (response.status != 200) {
      return Status::Unavailable("GET /metrics: HTTP " + std::to_string(response.status));
    }
    text = std::move(response.body);
  } catch (const testing::HttpClientError& e) {
    return Status::Unavailable(std::string("GET /metrics: ") + e.what());
  }
  StoreCounters c;
  const std::pair<const char*, double*> wanted[] = {
      {"rexian_store_appends_total", &c.appends},
      {"rexian_store_events_appended_total", &c.events},
      {"rexian_store_batches_total", &c.batches},
      {"rexian_store_append_latency_seconds_sum", &c.latency_sum_seconds},
      {"rexian_store_append_latency_seconds_count", &c.latency_count},
  };
  std::istringstream lines(text);
  std::string line;
  int found = 0;
  while (std::getline(lines, line)) {
    for (const auto& [name, out] : wanted) {
      const std::string prefix = std::string(name) + " ";
      if (line.rfind(prefix, 0) == 0) {
        *out = std::stod(line.substr(prefix.size()));
        ++found;
      }
    }
  }
  if (found != static_cast<int>(std::size(wanted))) {
    return Status::NotFound("GET /metrics: " + std::to_string(found) + " of " +
                            std::to_string(std::size(wanted)) + " store series found");
  }
  return c;
}

StoreCounters Difference(const StoreCounters& a, const StoreCounters& b) {
  return StoreCounters{a.appends - b.appends, a.events - b.events, a.batches - b.batches,
                       a.latency_sum_seconds - b.latency_sum_seconds,
                       a.latency_count - b.latency_count};
}

}  // namespace rexian::api_bench
