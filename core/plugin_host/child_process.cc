// ChildProcess: one spawned program with pipes to its stdin, stdout and stderr.
#include "plugin_host/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace rexian {
namespace {

std::string ErrnoText(int error) { return std::strerror(error); }

// A pipe whose ends are close-on-exec and numbered 3 or higher, so that the
// dup2s onto 0-2 in the child can never overwrite one another even when the
// host runs with some of its standard descriptors closed.
Status MakePipe(OwnedFd* read_end, OwnedFd* write_end) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return Status::IoError("pipe2: " + ErrnoText(errno));
  for (int i = 0; i < 2; ++i) {
    if (fds[i] < 3) {
      int moved = fcntl(fds[i], F_DUPFD_CLOEXEC, 3);
      int error = errno;
      close(fds[i]);
      fds[i] = moved;
      if (moved < 0) {
        if (i == 0) close(fds[1]);
        if (i == 1) close(fds[0]);
        return Status::IoError("fcntl(F_DUPFD_CLOEXEC): " + ErrnoText(error));
      }
    }
  }
  *read_end = OwnedFd(fds[0]);
  *write_end = OwnedFd(fds[1]);
  return Status::OK();
}

void SetNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

// posix_spawn's attribute and file-action objects, destroyed on scope exit.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

}  // namespace

OwnedFd& OwnedFd::operator=(OwnedFd&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = other.release();
  }
  return *this;
}

void OwnedFd::reset() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

int OwnedFd::release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

std::string ChildExit::Describe() const {
  if (unknown) return "exited (status unknown: reaped elsewhere)";
  if (!signaled) return "exited with status " + std::to_string(code);
  const char* name = strsignal(code);
  return "killed by signal " + std::to_string(code) + (name ? " (" + std::string(name) + ")" : "");
}

Result<std::unique_ptr<ChildProcess>> ChildProcess::Spawn(const std::vector<std::string>& argv) {
  if (argv.empty() || argv[0].empty()) return Status::InvalidArgument("empty command");
  const std::string& program = argv[0];

  OwnedFd child_in, parent_in, parent_out, child_out, parent_err, child_err;
  for (Status s : {MakePipe(&child_in, &parent_in), MakePipe(&parent_out, &child_out),
                   MakePipe(&parent_err, &child_err)}) {
    if (!s.ok()) return Status::IoError("cannot start " + program + ": " + s.message());
  }

  SpawnSetup setup;
  posix_spawn_file_actions_adddup2(&setup.actions, child_in.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, child_out.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, child_err.get(), STDERR_FILENO);
  // Whatever descriptor another part of the host forgot to mark close-on-exec.
  posix_spawn_file_actions_addclosefrom_np(&setup.actions, 3);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&setup.attributes, &none);
  posix_spawnattr_setsigdefault(&setup.attributes, &all);
  posix_spawnattr_setpgroup(&setup.attributes, 0);
  posix_spawnattr_setflags(&setup.attributes,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  pid_t pid = -1;
  int error =
      posix_spawnp(&pid, program.c_str(), &setup.actions, &setup.attributes, args.data(), environ);
  if (error != 0) {
    std::string message = "cannot start " + program + ": " + ErrnoText(error);
    if (error == ENOENT) return Status::NotFound(message);
    if (error == EACCES) return Status::PermissionDenied(message);
    return Status::IoError(message);
  }

  std::unique_ptr<ChildProcess> child(new ChildProcess());
  child->pid_ = pid;
  child->stdin_ = std::move(parent_in);
  child->stdout_ = std::move(parent_out);
  child->stderr_ = std::move(parent_err);
  // The syscall directly: glibc 2.36's <sys/pidfd.h> lacks extern "C".
  // A pidfd is close-on-exec by definition.
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) {
    error = errno;  // `child`'s destructor kills and reaps it
    return Status::IoError("cannot watch " + program + " (pidfd_open): " + ErrnoText(error));
  }
  child->exit_ = OwnedFd(pidfd);
  SetNonBlocking(child->stdin_.get());
  SetNonBlocking(child->stdout_.get());
  SetNonBlocking(child->stderr_.get());
  return child;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exit_status_) {
    Signal(SIGKILL);
    Reap();
  }
}

void ChildProcess::Signal(int signal) {
  if (pid_ <= 0 || exit_status_) return;
  if (kill(-pid_, signal) != 0) kill(pid_, signal);  // it may have left its group
}

bool ChildProcess::TryReap() { return ReapWith(WNOHANG); }

void ChildProcess::Reap() { ReapWith(0); }

bool ChildProcess::ReapWith(int options) {
  if (exit_status_) return true;
  int status = 0;
  pid_t r;
  do {
    r = waitpid(pid_, &status, options);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return false;
  ChildExit exit;
  if (r < 0) {
    exit.unknown = true;
  } else if (WIFSIGNALED(status)) {
    exit.signaled = true;
    exit.code = WTERMSIG(status);
  } else {
    exit.code = WEXITSTATUS(status);
  }
  exit_status_ = exit;
  return true;
}

}  // namespace rexian
