// ChildProcess: one spawned program with pipes to its stdin, stdout and stderr.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rexian/status.h"

namespace rexian {

// A file descriptor closed on destruction (-1: none). Move-only.
class OwnedFd {
 public:
  OwnedFd() = default;
  explicit OwnedFd(int fd) : fd_(fd) {}
  OwnedFd(OwnedFd&& other) noexcept : fd_(other.release()) {}
  OwnedFd& operator=(OwnedFd&& other) noexcept;
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  ~OwnedFd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Closes the descriptor now.
  void reset();
  int release();

 private:
  int fd_ = -1;
};

// How a child ended.
struct ChildExit {
  bool signaled = false;  // killed by a signal (then `code` is the signal number)
  int code = 0;           // exit status, or the signal number
  bool unknown = false;   // reaped by someone else: status lost

  // "exited with status 3", "killed by signal 9 (Killed)".
  std::string Describe() const;
};

// A child process started with posix_spawnp. The parent's ends of the pipes
// are non-blocking and close-on-exec, so no other child inherits them; the
// child gets its three pipes as fds 0-2 and no other descriptor (closefrom),
// an empty signal mask and default signal dispositions (whatever the host
// blocks or ignores), and its own process group, so a Ctrl-C meant for the
// host does not reach it before the host asks it to stop. Signals go to the
// whole group, so helpers the child started are stopped with it.
// Not thread-safe: one owner thread.
class ChildProcess {
 public:
  // Starts argv (argv[0] is searched in PATH). NotFound when the program
  // does not exist, PermissionDenied when it cannot be executed, IoError for
  // other failures; each message names the program and the reason.
  static Result<std::unique_ptr<ChildProcess>> Spawn(const std::vector<std::string>& argv);

  // Kills (SIGKILL) and reaps the child if it was not reaped yet.
  ~ChildProcess();

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Our ends: write to the child's stdin, read its stdout and stderr.
  // -1 once closed.
  int stdin_fd() const { return stdin_.get(); }
  int stdout_fd() const { return stdout_.get(); }
  int stderr_fd() const { return stderr_.get(); }
  // A pidfd: becomes readable (POLLIN) when the child has exited.
  int exit_fd() const { return exit_.get(); }

  void CloseStdin() { stdin_.reset(); }
  void CloseStdout() { stdout_.reset(); }
  void CloseStderr() { stderr_.reset(); }

  // Sends `signal` to the child's process group; nothing once reaped.
  void Signal(int signal);

  // Reaps the child if it has exited. True when reaped (now or before);
  // never blocks.
  bool TryReap();

  // Blocks until the child exits and reaps it. Use after SIGKILL.
  void Reap();

  // Set once reaped.
  const std::optional<ChildExit>& exit() const { return exit_status_; }

 private:
  ChildProcess() = default;
  bool ReapWith(int options);

  pid_t pid_ = -1;
  OwnedFd stdin_, stdout_, stderr_, exit_;
  std::optional<ChildExit> exit_status_;
};

}  // namespace rexian
