// ExecPlugin: a channel plugin running as a supervised child process that
// speaks the JSON-lines protocol of schemas/plugin-exec.schema.json
// (docs/plugin-exec-protocol.md) on its stdin and stdout.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "plugin_host/channel_plugin.h"
#include "plugin_host/exec_plugin_options.h"
#include "rexian/config.h"
#include "rexian/status.h"

namespace rexian {

struct ExecPluginState;
class ExecPluginMetrics;

// Creates the exec plugin `config` describes (kind kExec), bound to `env`:
// contacts go to env.intake as ContactSource{config.name, channel}, queries
// to env.queries, log lines to env.log, metrics to env.metrics. Default
// ExecPluginOptions. InvalidArgument naming the plugin for a bad config. The
// child is not started before Start().
Result<std::unique_ptr<ChannelPlugin>> CreateExecPlugin(const PluginConfig& config,
                                                        const PluginEnvironment& env);

// One child at a time runs config.command. The supervisor thread spawns it,
// says hello, waits for "ready" (start_timeout), relays submits to intake and
// replies to the child, and when the child exits or breaks its pipes,
// restarts it after a backoff (ExecPluginOptions). What the plugin was told
// was accepted is durable; answers lost with a dead child are recovered by
// the plugin resubmitting with the same channel_message_id (intake is
// idempotent), as the protocol document requires of plugins.
// Thread-safe; no method but Start and Stop blocks.
class ExecPlugin final : public ChannelPlugin {
 public:
  // InvalidArgument naming the plugin when `config` is not kExec, its
  // command is empty, its config_json is not a JSON object, or a port
  // (submit, query, log) is missing; IoError when no eventfd can be had.
  static Result<std::unique_ptr<ExecPlugin>> Create(PluginConfig config, ExecPluginPorts ports,
                                                    ExecPluginOptions options = {});

  // Stops the plugin if it runs.
  ~ExecPlugin() override;

  ExecPlugin(const ExecPlugin&) = delete;
  ExecPlugin& operator=(const ExecPlugin&) = delete;

  const PluginConfig& config() const override { return config_; }

  // Spawns the first child and waits until it says "ready". If it cannot be
  // spawned, exits or says nothing within start_timeout, nothing keeps
  // running and the error names the plugin and the reason (NotFound or
  // PermissionDenied for the command itself, Unavailable otherwise).
  // Later children are restarted without asking. Call once.
  Status Start() override;

  // Sends {"type":"stop"}, closes the child's stdin and waits up to
  // config().stop_timeout for it to exit; then SIGTERM, kill_grace, SIGKILL.
  // OK when it exited in time, DeadlineExceeded when it had to be
  // signalled. Pending deliveries are failed as Unavailable. Idempotent:
  // later calls return the first call's status.
  Status Stop() override;

  // Sends the reply to the child as a "deliver" and calls `done` with its
  // "delivered" answer: OK, Unavailable (retry) or InvalidArgument (never
  // deliverable). Unavailable at once while no child is ready, while
  // stopping, or when max_deliveries_in_flight are pending; Unavailable when
  // the child dies first or does not answer within delivery_timeout.
  // Unsupported when the child's ready did not say "deliver": true.
  // Never blocks; `done` may run before Deliver returns.
  void Deliver(Reply reply, DeliverCallback done) override;

  // OK while a child is ready; otherwise Unavailable saying why (not
  // started, starting, the last child's exit status or signal and when the
  // next one starts, stopped).
  Status health() const override;

  // The supervisor's counters (pid of the running child included).
  ExecPluginStats stats() const;

 private:
  ExecPlugin(PluginConfig config, ExecPluginPorts ports, ExecPluginOptions options,
             std::shared_ptr<ExecPluginState> state);
  void Supervise();
  // Joins the supervisor thread once, whichever of Start and Stop gets there.
  void JoinSupervisor();

  const PluginConfig config_;
  const std::string channel_;
  const ExecPluginPorts ports_;
  const ExecPluginOptions options_;
  const std::shared_ptr<ExecPluginState> state_;
  const std::shared_ptr<ExecPluginMetrics> metrics_;
  std::mutex join_mu_;
  std::thread supervisor_;             // joined under join_mu_
  bool started_ = false;               // guarded by state_->mu
  bool overran_stop_ = false;          // written by the supervisor before it exits
  std::optional<Status> stop_result_;  // guarded by state_->mu
};

}  // namespace rexian
