// Opening and locking the projections.
#include "app/views.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "app/progress.h"

namespace rexian::cli {

std::chrono::minutes ConfiguredUtcOffset(const Config& config) {
  return config.sla.utc_offset.value_or(std::chrono::hours(8));
}

Result<std::unique_ptr<Views>> Views::Open(const Config& config) {
  const std::string dir = config.store.views_path;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create views directory '" + dir + "': " + ec.message());
  std::unique_ptr<Views> views(new Views());
  views->lock_fd_ = open((dir + "/LOCK").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  if (views->lock_fd_ < 0) return Status::IoError("cannot open '" + dir + "/LOCK'");
  if (flock(views->lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    return Status::Unavailable("the views in '" + dir +
                               "' are in use by another rexian process (is the server running?)");
  }
  auto tickets = TicketView::Open(dir + "/tickets", ConfiguredUtcOffset(config));
  if (!tickets.ok()) return tickets.status();
  views->tickets_ = std::move(tickets).value();
  auto statistics = StatisticsView::Open(dir + "/statistics", ConfiguredUtcOffset(config),
                                        /*read_only=*/false, CanonicalCodes(config.taxonomy));
  if (!statistics.ok()) return statistics.status();
  views->statistics_ = std::move(statistics).value();
  return views;
}

Result<std::uint64_t> CatchUp(EventStore* store, const std::vector<Projection*>& projections,
                              Progress* progress) {
  const std::uint64_t head = store->HeadPosition();
  std::uint64_t next = head + 1;
  for (Projection* p : projections) next = std::min(next, p->checkpoint() + 1);
  const std::uint64_t first = next;
  std::vector<RecordedEvent> batch;
  while (next <= head) {
    batch.clear();
    if (Status s = store->ReadAll(next, 8192, &batch); !s.ok()) return s;
    if (batch.empty()) break;
    for (Projection* p : projections) {
      // A projection further ahead skips the events it has already applied.
      auto from = std::find_if(batch.begin(), batch.end(), [p](const RecordedEvent& e) {
        return e.position > p->checkpoint();
      });
      if (from == batch.end()) continue;
      std::vector<RecordedEvent> tail(from, batch.end());
      Status s = from == batch.begin() ? p->Apply(batch) : p->Apply(tail);
      if (!s.ok()) return s;
    }
    next = batch.back().position + 1;
    if (progress) progress->Update(next - first, head - first + 1);
  }
  return next - first;
}

Views::~Views() {
  tickets_.reset();
  statistics_.reset();
  if (lock_fd_ >= 0) close(lock_fd_);  // releases the flock
}

Status Views::Clear() {
  if (Status s = tickets_->Clear(); !s.ok()) return s;
  return statistics_->Clear();
}

}  // namespace rexian::cli
