// ExecWakeup: an eventfd that wakes an exec plugin's supervisor out of poll().
#include "plugin_host/exec_wakeup.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace rexian {

Result<ExecWakeup> ExecWakeup::Open() {
  int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (fd < 0) return Status::IoError(std::string("eventfd: ") + std::strerror(errno));
  return ExecWakeup(OwnedFd(fd));
}

void ExecWakeup::Signal() {
  const std::uint64_t one = 1;
  // EAGAIN only when the counter is saturated: it is readable anyway.
  [[maybe_unused]] ssize_t n = write(fd_.get(), &one, sizeof one);
}

void ExecWakeup::Drain() {
  std::uint64_t count = 0;
  [[maybe_unused]] ssize_t n = read(fd_.get(), &count, sizeof count);
}

}  // namespace rexian
