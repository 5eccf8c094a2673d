// Views: the projections a rexian process keeps, opened together under one lock.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "projections/statistics_view.h"
#include "projections/ticket_view.h"
#include "rexian/config.h"

namespace rexian::cli {

// The projections of `config.store.views_path`, held under an exclusive
// lock file (views_path/LOCK) so that `rexian rebuild` cannot rewrite views
// a running server is using.
class Views {
 public:
  // Unavailable when another process holds the lock.
  static Result<std::unique_ptr<Views>> Open(const Config& config);
  ~Views();

  TicketView* tickets() const { return tickets_.get(); }
  StatisticsView* statistics() const { return statistics_.get(); }
  // Every projection, for runners and rebuild.
  std::vector<Projection*> all() const { return {tickets_.get(), statistics_.get()}; }

  // Empties every view (checkpoints included).
  Status Clear();

 private:
  Views() = default;
  int lock_fd_ = -1;
  std::unique_ptr<TicketView> tickets_;
  std::unique_ptr<StatisticsView> statistics_;
};

class Progress;

// Applies every event after each projection's checkpoint up to the log's
// head, in batches of 8,192; `progress` (may be null) shows the events
// replayed. Returns the number of events read.
Result<std::uint64_t> CatchUp(EventStore* store, const std::vector<Projection*>& projections,
                              Progress* progress);

// The UTC offset documents and events spell times with (the SLA time zone's).
std::chrono::minutes ConfiguredUtcOffset(const Config& config);

}  // namespace rexian::cli
