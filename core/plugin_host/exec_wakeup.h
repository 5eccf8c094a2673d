// ExecWakeup: an eventfd that other threads poke to wake an exec plugin's supervisor out of poll().
#pragma once

#include "plugin_host/child_process.h"
#include "rexian/status.h"

namespace rexian {

// Thread-safe: Signal from any thread, Drain and fd from the polling thread.
class ExecWakeup {
 public:
  // IoError when the kernel refuses an eventfd (out of descriptors).
  static Result<ExecWakeup> Open();

  // Makes fd() readable until the next Drain. Never blocks.
  void Signal();
  // Consumes all pending signals.
  void Drain();
  // Non-blocking, close-on-exec; poll it for POLLIN.
  int fd() const { return fd_.get(); }

 private:
  explicit ExecWakeup(OwnedFd fd) : fd_(std::move(fd)) {}
  OwnedFd fd_;
};

}  // namespace rexian
