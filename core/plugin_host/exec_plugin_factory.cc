// CreateExecPlugin: an ExecPlugin bound to the host's PluginEnvironment.
#include <memory>

#include "intake/intake.h"
#include "plugin_host/exec_plugin.h"
#include "plugin_host/exec_queries.h"
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
  ports.query = [queries = env.queries, channel](std::string_view query,
                                                 const boost::json::object& args) {
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
