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

// Events CatchUp reads per batch unless told otherwise.
inline constexpr std::size_t kCatchUpBatch = 8192;

// Applies every event after each projection's checkpoint up to the log's
// head, in batches of `batch_size`; `progress` (may be null) shows the
// events replayed. Returns the number of events read.
//
// Each batch is read once; every projection applies it on a thread of its
// own while the next batch is read, and CatchUp waits for all of them
// before the next. A projection further ahead skips the events it has
// applied. When a projection fails, CatchUp returns its status (the first
// in `projections` order if several fail) after the others have finished
// the same batch: each projection stays consistent with its checkpoint.
// REQUIRES: nothing else applies events to `projections` meanwhile.
Result<std::uint64_t> CatchUp(EventStore* store, const std::vector<Projection*>& projections,
                              Progress* progress, std::size_t batch_size = kCatchUpBatch);

// The UTC offset documents and events spell times with (the SLA time zone's).
std::chrono::minutes ConfiguredUtcOffset(const Config& config);

}  // namespace rexian::cli
