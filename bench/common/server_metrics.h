// Reading the server's /metrics: any one series, and the event store's group-commit counters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rexian/status.h"

namespace rexian::bench {

// GET /metrics on 127.0.0.1:`port`: the Prometheus text.
Result<std::string> ScrapeMetrics(std::uint16_t port);

// The value of the sample line of `series` in Prometheus `text` (the name
// with its labels exactly as the server writes them, e.g.
// `rexian_store_batches_total`); nullopt when there is none.
std::optional<double> MetricValue(std::string_view text, std::string_view series);

// Every counter-like sample (a series whose name ends in _total, _sum or
// _count, labels included) that differs between two scrapes of one server,
// with after - before (a series new in `after` counts from 0), in the order
// of `after`.
std::vector<std::pair<std::string, double>> CounterDeltas(std::string_view before,
                                                          std::string_view after);

// Cumulative counters of the event store since the server started.
struct StoreCounters {
  double appends = 0;             // rexian_store_appends_total
  double events = 0;              // rexian_store_events_appended_total
  double batches = 0;             // rexian_store_batches_total (one durable transaction each)
  double latency_sum_seconds = 0; // rexian_store_append_latency_seconds_sum
  double latency_count = 0;       // rexian_store_append_latency_seconds_count
};

// Picks the counters above out of `text`. NotFound names how many are missing.
Result<StoreCounters> ParseStoreCounters(std::string_view text);

// after - before, field by field.
StoreCounters Difference(const StoreCounters& after, const StoreCounters& before);

}  // namespace rexian::bench
