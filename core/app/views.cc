// Opening and locking the projections.
#include "app/views.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>

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
  return views;
}

Views::~Views() {
  tickets_.reset();
  if (lock_fd_ >= 0) close(lock_fd_);  // releases the flock
}

Status Views::Clear() { return tickets_->Clear(); }

}  // namespace rexian::cli
