// PluginHost: the channel plugins of one rexian process, and the way replies reach them.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "intake/reply_transport.h"
#include "plugin_host/channel_plugin.h"
#include "rexian/config.h"
#include "rexian/status.h"

namespace rexian {

// Creates the plugin of `config`'s kind: SharedPlugin::Load for kShared,
// CreateExecPlugin for kExec (Unsupported in a build without the exec
// plugin host). Errors name the plugin and the reason.
Result<std::unique_ptr<ChannelPlugin>> CreateChannelPlugin(const PluginConfig& config,
                                                           const PluginEnvironment& env);

// Owns every plugin configured in `plugins:` (env.config->plugins). A
// plugin that fails to load or start is skipped when optional (the failure
// is logged and shown by Health, hence /readyz) and stops StartAll when
// `required`. Thread-safe after StartAll returned.
class PluginHost final : public ReplyTransport {
 public:
  // REQUIRES: everything `env` points to outlives the host.
  explicit PluginHost(PluginEnvironment env);
  // StopAll().
  ~PluginHost() override;
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  // Creates and starts each configured plugin in file order. Returns the
  // first failure of a required plugin (message naming it and the reason;
  // the plugins after it are not created); optional failures are logged and
  // kept for Health. The plugins already started keep running: call StopAll
  // (or destroy the host). Call once.
  Status StartAll();

  // Stops every plugin, the last started first, each within its
  // stop_timeout. OK, or DeadlineExceeded listing the plugins that overran
  // (they are left loaded; see SharedPlugin::Stop). Idempotent.
  Status StopAll();

  // ReplyTransport: hands `reply` to the plugin serving `channel`; NotFound
  // (through `done`) when no running plugin does.
  void Deliver(const std::string& channel, Reply reply, DeliverCallback done) override;

  // True when a configured plugin serves `channel`, unless it is known not
  // to send replies (a shared plugin without deliver). A plugin that failed
  // to start still counts: replies for it wait (NotFound, retried) until a
  // restart fixes it rather than being dropped.
  bool Serves(const std::string& channel) const override;

  // One entry per configured plugin, in configuration order: its instance
  // name and OK, or why it is not working (failed to load or start,
  // stopped, restarting). For /readyz.
  std::vector<std::pair<std::string, Status>> Health() const;

  // The running plugin serving `channel`, or nullptr. The pointer stays
  // valid while the host lives.
  ChannelPlugin* FindByChannel(const std::string& channel) const;

 private:
  struct Slot {
    PluginConfig config;
    std::unique_ptr<ChannelPlugin> plugin;  // null when it failed to load
    Status failure;                         // why it is not running, if it failed
  };

  void Log(const std::string& plugin, int level, const std::string& message) const;

  PluginEnvironment env_;
  mutable std::mutex mu_;
  std::vector<Slot> slots_;
  bool stopped_ = false;
  Status stop_outcome_;
};

}  // namespace rexian
