// Fetching the Prometheus text and picking single series out of it.
#include "common/server_metrics.h"

#include <chrono>
#include <cstdlib>
#include <iterator>
#include <utility>

#include "server/http_client.h"

namespace rexian::bench {

Result<std::string> ScrapeMetrics(std::uint16_t port) {
  try {
    testing::HttpClient client("127.0.0.1", port, std::chrono::seconds(10));
    auto response = client.Request("GET", "/metrics");
    if (response.status != 200) {
      return Status::Unavailable("GET /metrics: HTTP " + std::to_string(response.status));
    }
    return std::move(response.body);
  } catch (const testing::HttpClientError& e) {
    return Status::Unavailable(std::string("GET /metrics: ") + e.what());
  }
}

std::optional<double> MetricValue(std::string_view text, std::string_view series) {
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (line.size() > series.size() && line.starts_with(series) && line[series.size()] == ' ') {
      const std::string value(line.substr(series.size() + 1));
      char* parsed_end = nullptr;
      const double v = std::strtod(value.c_str(), &parsed_end);
      if (parsed_end != value.c_str()) return v;
    }
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, double>> CounterDeltas(std::string_view before,
                                                          std::string_view after) {
  std::vector<std::pair<std::string, double>> out;
  std::size_t at = 0;
  while (at < after.size()) {
    std::size_t end = after.find('\n', at);
    if (end == std::string_view::npos) end = after.size();
    const std::string_view line = after.substr(at, end - at);
    at = end + 1;
    const std::size_t space = line.rfind(' ');
    if (line.empty() || line[0] == '#' || space == std::string_view::npos) continue;
    const std::string_view series = line.substr(0, space);
    const std::string_view name = series.substr(0, series.find('{'));
    if (!name.ends_with("_total") && !name.ends_with("_sum") && !name.ends_with("_count")) continue;
    const std::optional<double> now = MetricValue(after, series);
    if (!now) continue;
    const double delta = *now - MetricValue(before, series).value_or(0.0);
    if (delta != 0) out.emplace_back(std::string(series), delta);
  }
  return out;
}

Result<StoreCounters> ParseStoreCounters(std::string_view text) {
  StoreCounters c;
  const std::pair<const char*, double*> wanted[] = {
      {"rexian_store_appends_total", &c.appends},
      {"rexian_store_events_appended_total", &c.events},
      {"rexian_store_batches_total", &c.batches},
      {"rexian_store_append_latency_seconds_sum", &c.latency_sum_seconds},
      {"rexian_store_append_latency_seconds_count", &c.latency_count},
  };
  int found = 0;
  for (const auto& [name, out] : wanted) {
    if (auto v = MetricValue(text, name)) {
      *out = *v;
      ++found;
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

}  // namespace rexian::bench
