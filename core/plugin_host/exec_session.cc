// ExecSession: one child process of an exec plugin, from spawn to reaping.
#include "plugin_host/exec_session.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

#include "plugin_host/exec_plugin_metrics.h"
#include "plugin_host/exec_plugin_state.h"
#include "rexian/plugin.h"

namespace rexian {
namespace {

using std::chrono::milliseconds;

// After the child exited, how long its pipes may stay open (a grandchild
// holding them) before the host stops reading them.
constexpr milliseconds kDrainAfterExit{500};
constexpr std::size_t kReadChunk = 64 * 1024;

// Takes the SIGPIPE a write to a closed pipe raised on this thread, where it
// is blocked, so it does not stay pending.
void ConsumeSigpipe() {
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  const timespec no_wait{0, 0};
  while (sigtimedwait(&pipe_signal, nullptr, &no_wait) == SIGPIPE) {
  }
}

std::string Ms(milliseconds d) { return std::to_string(d.count()) + " ms"; }

}  // namespace

ExecSession::ExecSession(const PluginConfig& config, std::string channel,
                         const ExecPluginOptions& options, const ExecPluginPorts& ports,
                         std::shared_ptr<ExecPluginState> state,
                         std::shared_ptr<ExecPluginMetrics> metrics, std::uint64_t number)
    : config_(config),
      channel_(std::move(channel)),
      options_(options),
      ports_(ports),
      state_(std::move(state)),
      metrics_(std::move(metrics)),
      number_(number),
      stdout_lines_(options.max_line_bytes),
      stderr_lines_(options.max_line_bytes),
      read_buffer_(kReadChunk) {}

ExecSession::~ExecSession() = default;

ExecSessionEnd ExecSession::Run() {
  ExecSessionEnd end;
  Result<std::unique_ptr<ChildProcess>> spawned = ChildProcess::Spawn(config_.command);
  if (!spawned.ok()) {
    end.status = spawned.status();
    end.reason = spawned.status().message();
    return end;
  }
  child_ = std::move(spawned).value();
  const Clock::time_point started = Clock::now();
  ready_deadline_ = started + options_.start_timeout;
  {
    std::lock_guard lock(state_->mu);
    state_->stats.pid = child_->pid();
    ++state_->stats.starts;
  }
  Log(REXIAN_LOG_INFO,
      "started " + config_.command[0] + " as pid " + std::to_string(child_->pid()));
  unwritten_ = HelloLine(config_, channel_, options_.max_line_bytes);

  while (!Finished()) Step();

  const ChildExit exit = child_->exit().value_or(ChildExit{false, 0, true});
  end.reason = "child " + std::to_string(child_->pid()) + " " +
               (note_.empty() ? "" : note_ + "; ") + exit.Describe();
  end.status = Status::Unavailable(end.reason);
  end.was_ready = ready_;
  if (ready_) end.ready_for = exited_at_ - ready_at_;
  end.overran_stop = overran_;
  return end;
}

bool ExecSession::Finished() const {
  return exited_ && child_->stdout_fd() < 0 && child_->stderr_fd() < 0;
}

void ExecSession::Step() {
  PullOutbox();
  if (stop_sent_ && child_->stdin_fd() >= 0 && written_ == unwritten_.size()) {
    child_->CloseStdin();  // end of input: the second way of saying stop
  }

  bool read_paused;
  {
    std::lock_guard lock(state_->mu);
    read_paused = state_->submits_in_flight >= options_.max_submits_in_flight;
  }
  read_paused = read_paused || unwritten_.size() - written_ >= options_.max_unwritten_bytes;

  pollfd fds[5];
  nfds_t count = 0;
  int wake_at = -1, in_at = -1, out_at = -1, err_at = -1, exit_at = -1;
  auto add = [&](int fd, short events, int& at) {
    if (fd < 0) return;
    at = static_cast<int>(count);
    fds[count++] = pollfd{fd, events, 0};
  };
  add(state_->wakeup.fd(), POLLIN, wake_at);
  if (written_ < unwritten_.size()) add(child_->stdin_fd(), POLLOUT, in_at);
  if (!read_paused) add(child_->stdout_fd(), POLLIN, out_at);
  add(child_->stderr_fd(), POLLIN, err_at);
  if (!exited_) add(child_->exit_fd(), POLLIN, exit_at);

  const int timeout = PollTimeoutMs(Clock::now());
  int n = poll(fds, count, timeout);
  if (n < 0 && errno != EINTR) {
    Log(REXIAN_LOG_ERROR, std::string("poll failed: ") + std::strerror(errno));
    std::this_thread::sleep_for(milliseconds(10));
  }
  auto fired = [&](int at) { return n > 0 && at >= 0 && fds[at].revents != 0; };
  if (fired(wake_at)) state_->wakeup.Drain();
  if (fired(in_at)) Flush();
  if (fired(out_at)) ReadStdout();
  if (fired(err_at)) ReadStderr();
  if (fired(exit_at)) OnExited();
  CheckTimers(Clock::now());
}

void ExecSession::PullOutbox() {
  bool stopping;
  {
    std::lock_guard lock(state_->mu);
    if (child_->stdin_fd() >= 0) unwritten_ += state_->outbox;
    state_->outbox.clear();
    stopping = state_->stopping;
  }
  if (stopping && !stop_sent_) {
    stop_sent_ = true;
    stop_deadline_ = Clock::now() + config_.stop_timeout;
    if (child_->stdin_fd() >= 0) unwritten_ += StopLine();
    Log(REXIAN_LOG_INFO, "asked to stop (waiting up to " + Ms(config_.stop_timeout) + ")");
  }
  if (child_->stdin_fd() >= 0 && written_ < unwritten_.size()) Flush();
}

int ExecSession::PollTimeoutMs(Clock::time_point now) {
  Clock::time_point next = now + milliseconds(1000);
  auto consider = [&](bool active, Clock::time_point at) {
    if (active) next = std::min(next, at);
  };
  consider(!ready_ && !exited_ && !kill_sent_, ready_deadline_);
  consider(stop_sent_ && !exited_ && !term_sent_, stop_deadline_);
  consider(broken_ && !exited_ && !term_sent_, broken_deadline_);
  consider(term_sent_ && !exited_ && !kill_sent_, kill_deadline_);
  consider(exited_, drain_deadline_);
  {
    std::lock_guard lock(state_->mu);
    for (const auto& [id, pending] : state_->deliveries) consider(true, pending.deadline);
  }
  if (next <= now) return 0;
  auto wait = std::chrono::ceil<milliseconds>(next - now);
  return static_cast<int>(wait.count());
}

void ExecSession::CheckTimers(Clock::time_point now) {
  if (!ready_ && !exited_ && !kill_sent_ && now >= ready_deadline_) {
    note_ = "sent no ready within " + Ms(options_.start_timeout) + ", so it was killed";
    Log(REXIAN_LOG_ERROR, "child " + std::to_string(child_->pid()) + " " + note_);
    child_->Signal(SIGKILL);
    kill_sent_ = true;
  }
  if (stop_sent_ && !exited_ && !term_sent_ && now >= stop_deadline_) {
    overran_ = true;
    note_ = "did not stop within " + Ms(config_.stop_timeout) + ", so it was sent SIGTERM";
    Log(REXIAN_LOG_WARN, "child " + std::to_string(child_->pid()) + " " + note_);
    child_->Signal(SIGTERM);
    term_sent_ = true;
    kill_deadline_ = now + options_.kill_grace;
  }
  if (broken_ && !exited_ && !term_sent_ && now >= broken_deadline_) {
    note_ = broken_what_ + " but kept running, so it was sent SIGTERM";
    Log(REXIAN_LOG_WARN, "child " + std::to_string(child_->pid()) + " " + note_);
    child_->Signal(SIGTERM);
    term_sent_ = true;
    kill_deadline_ = now + options_.kill_grace;
  }
  if (term_sent_ && !exited_ && !kill_sent_ && now >= kill_deadline_) {
    note_ += " and then SIGKILL";
    Log(REXIAN_LOG_WARN, "child " + std::to_string(child_->pid()) + " ignored SIGTERM for " +
                             Ms(options_.kill_grace) + ": SIGKILL");
    child_->Signal(SIGKILL);
    kill_sent_ = true;
  }
  if (exited_ && now >= drain_deadline_) CloseOutput();

  std::vector<DeliverCallback> expired;
  {
    std::lock_guard lock(state_->mu);
    for (auto it = state_->deliveries.begin(); it != state_->deliveries.end();) {
      if (it->second.deadline > now) {
        ++it;
        continue;
      }
      expired.push_back(std::move(it->second.done));
      it = state_->deliveries.erase(it);
      ++state_->stats.deliveries_failed;
    }
  }
  for (DeliverCallback& done : expired) {
    metrics_->CountDelivery(Status::Unavailable(""));
    done(Status::Unavailable("plugin '" + config_.name + "' did not answer a delivery within " +
                             Ms(options_.delivery_timeout)));
  }
}

void ExecSession::Flush() {
  const int fd = child_->stdin_fd();
  while (fd >= 0 && written_ < unwritten_.size()) {
    ssize_t n = write(fd, unwritten_.data() + written_, unwritten_.size() - written_);
    if (n > 0) {
      written_ += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) break;
    if (n < 0 && errno == EPIPE) ConsumeSigpipe();
    child_->CloseStdin();
    unwritten_.clear();
    written_ = 0;
    if (!stop_sent_) OnBroken("closed its stdin");
    return;
  }
  if (written_ == unwritten_.size()) {
    unwritten_.clear();
    written_ = 0;
  } else if (written_ >= (1u << 20)) {
    unwritten_.erase(0, written_);
    written_ = 0;
  }
}

void ExecSession::ReadStdout() {
  auto on_line = [this](const FramedLine& line) { OnLine(line); };
  for (int chunk = 0; chunk < 4 && child_->stdout_fd() >= 0; ++chunk) {
    ssize_t n = read(child_->stdout_fd(), read_buffer_.data(), read_buffer_.size());
    if (n > 0) {
      stdout_lines_.Feed(std::string_view(read_buffer_.data(), static_cast<std::size_t>(n)),
                         on_line);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    stdout_lines_.Finish(on_line);  // a last line cut short by the child's end
    child_->CloseStdout();
    if (!exited_ && !stop_sent_) OnBroken("closed its stdout");
  }
}

void ExecSession::ReadStderr() {
  auto on_line = [this](const FramedLine& line) {
    std::string text(line.text);
    if (line.oversize) text += " [... " + std::to_string(line.length) + " bytes in all]";
    Log(REXIAN_LOG_INFO, "stderr: " + text);
  };
  for (int chunk = 0; chunk < 4 && child_->stderr_fd() >= 0; ++chunk) {
    ssize_t n = read(child_->stderr_fd(), read_buffer_.data(), read_buffer_.size());
    if (n > 0) {
      stderr_lines_.Feed(std::string_view(read_buffer_.data(), static_cast<std::size_t>(n)),
                         on_line);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    stderr_lines_.Finish(on_line);
    child_->CloseStderr();
  }
}

void ExecSession::OnExited() {
  if (!child_->TryReap()) return;  // a spurious wake-up
  exited_ = true;
  exited_at_ = Clock::now();
  drain_deadline_ = exited_at_ + kDrainAfterExit;
  child_->CloseStdin();
  unwritten_.clear();
  written_ = 0;
  std::lock_guard lock(state_->mu);
  state_->stats.pid = 0;
}

void ExecSession::OnBroken(const char* what) {
  if (broken_) return;
  broken_ = true;
  broken_what_ = what;
  broken_deadline_ = Clock::now() + options_.kill_grace;
}

void ExecSession::CloseOutput() {
  // What is still buffered was read before the deadline; whatever a
  // grandchild writes later is not the plugin's.
  if (child_->stdout_fd() >= 0) ReadStdout();
  if (child_->stderr_fd() >= 0) ReadStderr();
  auto on_line = [this](const FramedLine& line) { OnLine(line); };
  if (child_->stdout_fd() >= 0) stdout_lines_.Finish(on_line);
  child_->CloseStdout();
  child_->CloseStderr();
}

void ExecSession::Log(int level, const std::string& message) {
  if (ports_.log) ports_.log(level, message);
}

}  // namespace rexian
