// Opening and locking the projections.
#include "app/views.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <thread>

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

namespace {

// Reads up to `max_count` events from `from` into `batch`, assigning over
// the events already there so that their strings' memory is reused.
Status ReadBatch(EventStore* store, std::uint64_t from, std::size_t max_count,
                 std::vector<RecordedEvent>* batch) {
  std::size_t n = 0;
  Status s = store->ReadAll(from, max_count, [&](const RecordedEvent& e) {
    if (n < batch->size()) (*batch)[n] = e;
    else batch->push_back(e);
    ++n;
    return true;
  });
  batch->resize(n);
  return s;
}

// Applies the events of `batch` that `projection` has not applied yet.
Status ApplyNew(Projection* projection, const std::vector<RecordedEvent>& batch) {
  auto from = std::find_if(batch.begin(), batch.end(), [projection](const RecordedEvent& e) {
    return e.position > projection->checkpoint();
  });
  if (from == batch.end()) return Status::OK();
  if (from == batch.begin()) return projection->Apply(batch);
  return projection->Apply(std::vector<RecordedEvent>(from, batch.end()));
}

}  // namespace

Result<std::uint64_t> CatchUp(EventStore* store, const std::vector<Projection*>& projections,
                              Progress* progress, std::size_t batch_size) {
  const std::uint64_t head = store->HeadPosition();
  std::uint64_t next = head + 1;
  for (Projection* p : projections) next = std::min(next, p->checkpoint() + 1);
  const std::uint64_t first = next;
  // Two batches: the projections apply one while the other is read.
  std::vector<RecordedEvent> batches[2];
  int current = 0;
  if (next <= head) {
    if (Status s = ReadBatch(store, next, batch_size, &batches[current]); !s.ok()) return s;
  }
  while (!batches[current].empty()) {
    const std::vector<RecordedEvent>& batch = batches[current];
    std::vector<Status> applied(projections.size());
    std::vector<std::thread> appliers;
    appliers.reserve(projections.size());
    for (std::size_t i = 0; i < projections.size(); ++i) {
      appliers.emplace_back([&, i] { applied[i] = ApplyNew(projections[i], batch); });
    }
    const std::uint64_t after = batch.back().position + 1;
    std::vector<RecordedEvent>& spare = batches[1 - current];
    Status read;
    if (after <= head) read = ReadBatch(store, after, batch_size, &spare);
    else spare.clear();
    for (std::thread& t : appliers) t.join();
    for (const Status& s : applied) {
      if (!s.ok()) return s;
    }
    if (!read.ok()) return read;
    next = after;
    if (progress) progress->Update(next - first, head - first + 1);
    current = 1 - current;
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
