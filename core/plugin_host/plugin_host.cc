// PluginHost: creating, starting, stopping and addressing the configured plugins.
#include "plugin_host/plugin_host.h"

#include <cstdio>

#include "plugin_host/shared_plugin.h"
#include "rexian/plugin.h"

#if __has_include("plugin_host/exec_plugin.h")
#include "plugin_host/exec_plugin.h"
#define REXIAN_HAVE_EXEC_PLUGINS 1
#endif

namespace rexian {

Result<std::unique_ptr<ChannelPlugin>> CreateChannelPlugin(const PluginConfig& config,
                                                           const PluginEnvironment& env) {
  if (config.kind == PluginKind::kShared) {
    auto plugin = SharedPlugin::Load(config, env);
    if (!plugin.ok()) return plugin.status();
    return std::unique_ptr<ChannelPlugin>(std::move(plugin).value());
  }
#ifdef REXIAN_HAVE_EXEC_PLUGINS
  return CreateExecPlugin(config, env);
#else
  return Status::Unsupported("plugin '" + config.name +
                             "': exec plugins are not supported by this build");
#endif
}

PluginHost::PluginHost(PluginEnvironment env) : env_(std::move(env)) {}

PluginHost::~PluginHost() { StopAll(); }

void PluginHost::Log(const std::string& plugin, int level, const std::string& message) const {
  if (env_.log) {
    env_.log(plugin, level, message);
  } else {
    std::fprintf(stderr, "plugin %s: %s\n", plugin.c_str(), message.c_str());
  }
}

Status PluginHost::StartAll() {
  std::lock_guard lock(mu_);
  for (const PluginConfig& config : env_.config->plugins) {
    Slot slot{config, nullptr, Status::OK()};
    if (slot.config.channel.empty()) slot.config.channel = slot.config.name;
    auto created = CreateChannelPlugin(slot.config, env_);
    if (created.ok()) {
      slot.plugin = std::move(created).value();
      slot.failure = slot.plugin->Start();
    } else {
      slot.failure = created.status();
    }
    const Status failure = slot.failure;
    slots_.push_back(std::move(slot));
    if (failure.ok()) continue;
    if (config.required) {
      Log(config.name, REXIAN_LOG_ERROR, "required plugin failed: " + failure.ToString());
      return failure;
    }
    Log(config.name, REXIAN_LOG_ERROR,
        "optional plugin skipped: " + failure.ToString() + " (shown by /readyz)");
  }
  return Status::OK();
}

Status PluginHost::StopAll() {
  std::lock_guard lock(mu_);
  if (stopped_) return stop_outcome_;
  stopped_ = true;
  std::string failed;
  bool overran = false;
  for (auto it = slots_.rbegin(); it != slots_.rend(); ++it) {
    if (!it->plugin) continue;
    Status s = it->plugin->Stop();
    if (!s.ok()) {
      Log(it->config.name, REXIAN_LOG_ERROR, "stop: " + s.ToString());
      failed += (failed.empty() ? "" : "; ") + s.message();
      overran = overran || s.IsDeadlineExceeded();
    }
  }
  if (!failed.empty()) {
    stop_outcome_ = overran ? Status::DeadlineExceeded(failed) : Status::Unavailable(failed);
  }
  return stop_outcome_;
}

ChannelPlugin* PluginHost::FindByChannel(const std::string& channel) const {
  std::lock_guard lock(mu_);
  for (const Slot& slot : slots_) {
    if (slot.config.channel == channel && slot.plugin) return slot.plugin.get();
  }
  return nullptr;
}

void PluginHost::Deliver(const std::string& channel, Reply reply, DeliverCallback done) {
  ChannelPlugin* plugin = nullptr;
  Status missing = Status::NotFound("no plugin serves channel \"" + channel + "\"");
  {
    std::lock_guard lock(mu_);
    for (const Slot& slot : slots_) {
      if (slot.config.channel != channel) continue;
      if (slot.plugin) {
        plugin = slot.plugin.get();
      } else {
        missing = Status::NotFound("the plugin serving channel \"" + channel +
                                   "\" is not loaded: " + slot.failure.message());
      }
      break;
    }
  }
  // Outside the lock: `done` may run at once and call back into the host.
  if (plugin == nullptr) {
    done(missing);
    return;
  }
  plugin->Deliver(std::move(reply), std::move(done));
}

bool PluginHost::Serves(const std::string& channel) const {
  for (const PluginConfig& config : env_.config->plugins) {
    const std::string served = config.channel.empty() ? config.name : config.channel;
    if (served != channel) continue;
    const auto* shared = dynamic_cast<const SharedPlugin*>(FindByChannel(channel));
    return shared == nullptr || shared->can_deliver();
  }
  return false;
}

std::vector<std::pair<std::string, Status>> PluginHost::Health() const {
  std::lock_guard lock(mu_);
  std::vector<std::pair<std::string, Status>> health;
  for (const PluginConfig& config : env_.config->plugins) {
    Status status = Status::Unavailable("not started yet");
    for (const Slot& slot : slots_) {
      if (slot.config.name != config.name) continue;
      status = !slot.failure.ok() ? slot.failure
               : slot.plugin      ? slot.plugin->health()
                                  : Status::Unavailable("not loaded");
    }
    health.emplace_back(config.name, std::move(status));
  }
  return health;
}

}  // namespace rexian
