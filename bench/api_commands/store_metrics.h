// The store's group-commit counters, scraped from the server's /metrics.
#pragma once

#include <cstdint>

#include "rexian/status.h"

namespace rexian::api_bench {

// Cumulative counters of the event store since the server started.
struct StoreCounters {
  double appends = 0;             // rexian_store_appends_total
  double events = 0;              // rexian_store_events_appended_total
  double batches = 0;             // rexian_store_batches_total (one durable transaction each)
  double latency_sum_seconds = 0; // rexian_store_append_latency_seconds_sum
  double latency_count = 0;       // rexian_store_append_latency_seconds_count
};

// GET /metrics on 127.0.0.1:`port` and picks the counters above.
Result<StoreCounters> ScrapeStoreCounters(std::uint16_t port);

// after - before, field by field.
StoreCounters Difference(const StoreCounters& after, const StoreCounters& before);

}  // namespace rexian::api_bench
