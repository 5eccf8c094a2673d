// ChannelServices: everything `rexian serve` runs for channels: intake, quarantine, plugins, replies.
#pragma once

#include <functional>
#include <memory>

#include "api/intake_api.h"
#include "app/health_routes.h"
#include "intake/intake.h"
#include "intake/quarantine.h"
#include "intake/reply_reactor.h"
#include "intake/reply_view.h"
#include "plugin_host/host_queries.h"
#include "plugin_host/plugin_host.h"
#include "rexian/event_log.h"
#include "rexian/http.h"
#include "rexian/metrics.h"
#include "rexian/reactor_lease.h"
#include "service/ticket_service.h"

namespace rexian::cli {

// What the channel services are built on. REQUIRES: all of it outlives them.
struct ChannelServicesParts {
  const Config* config = nullptr;
  EventLog* log = nullptr;
  TicketService* tickets = nullptr;
  TicketView* ticket_view = nullptr;
  HttpServer* http = nullptr;
  MetricsRegistry* metrics = nullptr;
  Readiness* readiness = nullptr;
  std::function<ticket::Time()> clock;
  // Replies to citizens are sent only while this is held (null: always).
  ReactorLease* lease = nullptr;
};

// Built and started in order: the pseudonym secret, quarantine, intake and
// its HTTP routes, the plugins (a required one that fails stops start-up),
// then the reply view (caught up from its checkpoint) and reactor. Stop
// reverses it: plugins first, so no new contact arrives while the rest
// winds down.
class ChannelServices {
 public:
  // Errors name the part and the reason.
  static Result<std::unique_ptr<ChannelServices>> Start(const ChannelServicesParts& parts);
  ~ChannelServices();
  ChannelServices(const ChannelServices&) = delete;
  ChannelServices& operator=(const ChannelServices&) = delete;

  // Stops plugins, reactor and reply view; idempotent. Plugins that overrun
  // their stop_timeout are reported on stderr.
  void Stop();

  Intake* intake() const { return intake_.get(); }
  Quarantine* quarantine() const { return quarantine_.get(); }
  PluginHost* plugins() const { return plugins_.get(); }

 private:
  ChannelServices() = default;

  ChannelServicesParts parts_;
  std::unique_ptr<Quarantine> quarantine_;
  std::unique_ptr<Intake> intake_;
  api::IntakeApiContext api_context_;
  std::unique_ptr<HostQueries> queries_;
  std::unique_ptr<PluginHost> plugins_;
  std::unique_ptr<ReplyView> reply_view_;
  std::unique_ptr<ProjectionRunner> reply_runner_;
  std::unique_ptr<ReplyReactor> reactor_;
  bool stopped_ = false;
};

}  // namespace rexian::cli
