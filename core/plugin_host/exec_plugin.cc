// ExecPlugin: a channel plugin running as a supervised child process.
#include "plugin_host/exec_plugin.h"

#include <pthread.h>
#include <signal.h>

#include <boost/json/parse.hpp>

#include "plugin_host/exec_plugin_metrics.h"
#include "plugin_host/exec_plugin_state.h"
#include "plugin_host/exec_restart_backoff.h"
#include "plugin_host/exec_session.h"
#include "rexian/plugin.h"

namespace rexian {
namespace {

std::string ChannelOf(const PluginConfig& config) {
  return config.channel.empty() ? config.name : config.channel;
}

// Writes to a child whose stdin is closed must fail with EPIPE on this
// thread instead of killing the host (see ExecSession).
void BlockSigpipeOnThisThread() {
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
}

}  // namespace

Result<std::unique_ptr<ExecPlugin>> ExecPlugin::Create(PluginConfig config, ExecPluginPorts ports,
                                                       ExecPluginOptions options) {
  const std::string who = "plugin '" + config.name + "': ";
  if (config.kind != PluginKind::kExec) return Status::InvalidArgument(who + "not an exec plugin");
  if (config.command.empty() || config.command[0].empty()) {
    return Status::InvalidArgument(who + "command: must name a program");
  }
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(config.config_json, ec);
  if (ec || !parsed.is_object()) return Status::InvalidArgument(who + "config: must be an object");
  if (!ports.submit || !ports.query || !ports.log) {
    return Status::InvalidArgument(who + "submit, query and log ports are required");
  }
  Result<ExecWakeup> wakeup = ExecWakeup::Open();
  if (!wakeup.ok()) return Status::IoError(who + wakeup.status().message());
  auto state = std::make_shared<ExecPluginState>(config.name, std::move(wakeup).value());
  return std::unique_ptr<ExecPlugin>(
      new ExecPlugin(std::move(config), std::move(ports), options, std::move(state)));
}

ExecPlugin::ExecPlugin(PluginConfig config, ExecPluginPorts ports, ExecPluginOptions options,
                       std::shared_ptr<ExecPluginState> state)
    : config_(std::move(config)),
      channel_(ChannelOf(config_)),
      ports_(std::move(ports)),
      options_(options),
      state_(std::move(state)),
      metrics_(std::make_shared<ExecPluginMetrics>(ports_.metrics, state_)) {}

ExecPlugin::~ExecPlugin() { Stop(); }

Status ExecPlugin::Start() {
  {
    std::lock_guard lock(state_->mu);
    if (started_) return Status::InvalidArgument("plugin '" + config_.name + "': started twice");
    if (state_->stopping) return Status::Unavailable("plugin '" + config_.name + "': stopped");
    started_ = true;
    state_->health = Status::Unavailable("starting");
  }
  {
    std::lock_guard lock(join_mu_);
    supervisor_ = std::thread([this] { Supervise(); });
  }
  std::unique_lock lock(state_->mu);
  state_->changed.wait(lock, [this] {
    return state_->ever_ready || state_->start_failure.has_value() || state_->stopping;
  });
  if (state_->ever_ready) return Status::OK();
  if (!state_->start_failure) {
    return Status::Unavailable("plugin '" + config_.name + "': stopped while starting");
  }
  const Status failure = *state_->start_failure;
  lock.unlock();
  JoinSupervisor();  // it has returned already
  return failure;
}

void ExecPlugin::JoinSupervisor() {
  std::lock_guard lock(join_mu_);
  if (supervisor_.joinable()) supervisor_.join();
}

void ExecPlugin::Supervise() {
  BlockSigpipeOnThisThread();
  RestartBackoff backoff(options_.restart_delay_min, options_.restart_delay_max,
                         options_.stable_after);
  const std::string who = "plugin '" + config_.name + "': ";
  std::string last_reason = "no child had started";
  for (std::uint64_t number = 1;; ++number) {
    {
      std::lock_guard lock(state_->mu);
      if (state_->stopping) {  // during the wait for a restart
        state_->health = Status::Unavailable(who + "stopped (" + last_reason + ")");
        return;
      }
      state_->session = number;
      if (number > 1) ++state_->stats.restarts;
    }
    ExecSession session(config_, channel_, options_, ports_, state_, metrics_, number);
    const ExecSessionEnd end = session.Run();
    last_reason = end.reason;

    const bool first_failed = number == 1 && !end.was_ready;
    const auto delay = first_failed ? RestartBackoff::Duration{0} : backoff.Next(end.ready_for);
    std::vector<DeliverCallback> cut_off;
    bool stopping;
    {
      std::lock_guard lock(state_->mu);
      state_->session = 0;  // answers still on their way belong to nobody now
      state_->ready = false;
      state_->outbox.clear();
      state_->submits_in_flight = 0;
      state_->stats.pid = 0;
      state_->stats.deliveries_failed += state_->deliveries.size();
      cut_off = state_->TakeDeliveries();
      stopping = state_->stopping;
      if (first_failed && !stopping) {
        Status::Code code = end.status.code();
        std::string message = who + end.reason;
        state_->start_failure = code == Status::Code::kNotFound ? Status::NotFound(message)
                                : code == Status::Code::kPermissionDenied
                                    ? Status::PermissionDenied(message)
                                    : Status::Unavailable(message);
        state_->health = *state_->start_failure;
      } else if (stopping) {
        state_->health = Status::Unavailable(who + "stopped (" + end.reason + ")");
      } else {
        state_->health = Status::Unavailable(who + end.reason + "; restarting in " +
                                             std::to_string(delay.count()) + " ms");
      }
    }
    state_->changed.notify_all();
    metrics_->SetUp(false);
    for (DeliverCallback& done : cut_off) {
      metrics_->CountDelivery(Status::Unavailable(""));
      done(Status::Unavailable(who + end.reason));
    }
    if (stopping) {
      overran_stop_ = end.overran_stop;
      ports_.log(REXIAN_LOG_INFO, "stopped: " + end.reason);
      return;
    }
    if (first_failed) {
      ports_.log(REXIAN_LOG_ERROR, "did not start: " + end.reason);
      return;
    }
    ports_.log(REXIAN_LOG_WARN,
               end.reason + "; restarting in " + std::to_string(delay.count()) + " ms");
    std::unique_lock lock(state_->mu);
    state_->changed.wait_for(lock, delay, [this] { return state_->stopping; });
  }
}

Status ExecPlugin::Stop() {
  {
    std::lock_guard lock(state_->mu);
    if (stop_result_) return *stop_result_;
    state_->stopping = true;
  }
  state_->changed.notify_all();
  state_->wakeup.Signal();
  JoinSupervisor();
  Status result = Status::OK();
  if (overran_stop_) {
    result = Status::DeadlineExceeded("plugin '" + config_.name + "' did not stop within " +
                                      std::to_string(config_.stop_timeout.count()) +
                                      " ms and was killed");
  }
  std::vector<DeliverCallback> left;
  {
    std::lock_guard lock(state_->mu);
    stop_result_ = result;
    // A supervisor leaves a better reason ("stopped (child 42 exited with
    // status 0)", or why the first start failed); without one, say stopped.
    if (!started_) state_->health = Status::Unavailable("plugin '" + config_.name + "': stopped");
    left = state_->TakeDeliveries();
  }
  for (DeliverCallback& done : left) {
    done(Status::Unavailable("plugin '" + config_.name + "': stopped"));
  }
  return result;
}

void ExecPlugin::Deliver(Reply reply, DeliverCallback done) {
  Status refusal;
  {
    std::lock_guard lock(state_->mu);
    const std::string who = "plugin '" + config_.name + "'";
    if (state_->stopping) {
      refusal = Status::Unavailable(who + " is stopping");
    } else if (!state_->ready) {
      refusal = Status::Unavailable(state_->health.ok() ? who + " is starting"
                                                        : state_->health.message());
    } else if (!state_->delivers) {
      refusal = Status::Unsupported(who +
                                    " delivers no replies (its ready message did not say "
                                    "\"deliver\": true)");
    } else if (state_->deliveries.size() >= options_.max_deliveries_in_flight ||
               state_->outbox.size() >= options_.max_unwritten_bytes) {
      refusal = Status::Unavailable(who + " is busy: " + std::to_string(state_->deliveries.size()) +
                                    " deliveries await its answer");
    } else {
      const std::string id = "d-" + std::to_string(++state_->next_request);
      state_->outbox += DeliverLine(id, reply);
      state_->deliveries.emplace(
          id, PendingDelivery{std::move(done),
                              std::chrono::steady_clock::now() + options_.delivery_timeout});
    }
  }
  if (!refusal.ok()) {
    done(std::move(refusal));
    return;
  }
  state_->wakeup.Signal();
}

Status ExecPlugin::health() const {
  std::lock_guard lock(state_->mu);
  return state_->health;
}

ExecPluginStats ExecPlugin::stats() const {
  std::lock_guard lock(state_->mu);
  return state_->stats;
}

}  // namespace rexian
