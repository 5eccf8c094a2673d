// CreateExecPlugin: an ExecPlugin bound to the host's PluginEnvironment.
#include <memory>

#include "intake/intake.h"
#include "plugin_host/exec_plugin.h"
#include "plugin_host/exec_queries.h"
#include "plugin_host/exec_writes.h"
#include "plugin_host/host_queries.h"

namespace rexian {

Result<std::unique_ptr<ChannelPlugin>> CreateExecPlugin(const PluginConfig& config,
                                                        const PluginEnvironment& env) {
  if (env.intake == nullptr || env.queries == nullptr) {
    return Status::InvalidArgument("plugin '" + config.name +
                                   "': the host offers no intake or queries");
  }
  const std::string channel = config.channel.empty() ? config.name : config.channel;
  ExecPluginPorts ports;
  ports.submit = [intake = env.intake, source = ContactSource{config.name, channel}](
                     std::string contact_json, SubmitCallback done) {
    intake->Submit(source, std::move(contact_json), std::move(done));
  };
  // Plugin ABI 1.1's writes travel as queries too; they wait for their outcome.
  std::shared_ptr<PluginWrites> writes;
  if (env.event_log != nullptr && env.tickets != nullptr && env.clock) {
    writes = std::make_shared<PluginWrites>(env.event_log, env.tickets, env.intake, env.clock);
  }
  ports.query = [queries = env.queries, channel, writes,
                 writer = PluginWriter{config.name, channel, config.actor_role}](
                    std::string_view query, const boost::json::object& args) {
    if (auto written = AnswerExecWrite(writes.get(), writer, query, args)) return *written;
    return AnswerExecQuery(*queries, channel, query, args);
  };
  ports.log = [log = env.log, name = config.name](int level, const std::string& message) {
    if (log) log(name, level, message);
  };
  ports.metrics = env.metrics;
  Result<std::unique_ptr<ExecPlugin>> plugin = ExecPlugin::Create(config, std::move(ports));
  if (!plugin.ok()) return plugin.status();
  return std::unique_ptr<ChannelPlugin>(std::move(plugin).value());
}

}  // namespace rexian
