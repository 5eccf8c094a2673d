// ChannelPlugin: one running channel plugin instance, whatever its kind.
//
// The plugin host owns a list of these: SharedPlugin (a library behind the C
// ABI of rexian/plugin.h) and ExecPlugin (a supervised child process speaking
// schemas/plugin-exec.schema.json). Both reach the rest of rexian only
// through a PluginEnvironment.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "intake/reply_transport.h"
#include "rexian/config.h"
#include "rexian/status.h"
#include "rexian/ticket.h"

namespace rexian {

class Intake;
class HttpServer;
class MetricsRegistry;
class HostQueries;
class EventLog;
class TicketService;

// Everything a plugin instance may use. REQUIRES: every pointer outlives the
// plugin; `http` may be null (`rexian plugin check` without a server binds
// its own), the others not.
struct PluginEnvironment {
  const Config* config = nullptr;
  Intake* intake = nullptr;
  HttpServer* http = nullptr;
  MetricsRegistry* metrics = nullptr;
  HostQueries* queries = nullptr;
  // For plugin ABI 1.1's writes (record_event, ticket_command): the log, the
  // work-order service and the domain clock. When any is missing those
  // calls answer REXIAN_UNAVAILABLE.
  EventLog* event_log = nullptr;
  TicketService* tickets = nullptr;
  std::function<ticket::Time()> clock;
  // Writes one line to the server log; `plugin` is the instance name.
  std::function<void(const std::string& plugin, int level, const std::string& message)> log;
};

class ChannelPlugin {
 public:
  virtual ~ChannelPlugin() = default;

  // The configuration it was created from.
  virtual const PluginConfig& config() const = 0;

  // Starts it (threads, connections, the child process). The error names the
  // plugin and the reason.
  virtual Status Start() = 0;

  // Stops it, waiting at most config().stop_timeout. DeadlineExceeded when
  // it overran (the host reports it and carries on: the process still exits).
  // Idempotent. After Stop, Deliver answers Unavailable.
  virtual Status Stop() = 0;

  // Hands one reply to the plugin (see ReplyTransport::Deliver). Never blocks.
  virtual void Deliver(Reply reply, DeliverCallback done) = 0;

  // OK while it works; for an exec plugin between restarts, Unavailable with
  // the reason. Shown by /readyz.
  virtual Status health() const = 0;
};

}  // namespace rexian
