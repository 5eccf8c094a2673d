// ChannelServices: assembly and orderly shutdown.
#include "app/channel_services.h"

#include <cstdio>

#include "app/runtime.h"
#include "app/views.h"

namespace rexian::cli {
namespace {

const char* LevelName(int level) {
  switch (level) {
    case 0: return "debug";
    case 1: return "info";
    case 2: return "warn";
    default: return "error";
  }
}

}  // namespace

Result<std::unique_ptr<ChannelServices>> ChannelServices::Start(const ChannelServicesParts& parts) {
  std::unique_ptr<ChannelServices> s(new ChannelServices());
  s->parts_ = parts;
  const Config& config = *parts.config;
  const std::chrono::minutes offset = ConfiguredUtcOffset(config);

  auto secret = LoadPseudonymSecretFor(config.store);
  if (!secret.ok()) return Status::IoError("pseudonym secret: " + secret.status().ToString());
  s->quarantine_ = std::make_unique<Quarantine>(parts.log, parts.clock, offset);
  s->intake_ = std::make_unique<Intake>(parts.tickets, parts.ticket_view, s->quarantine_.get(),
                                        IntakeOptions{parts.clock, *secret, true});
  s->api_context_ = api::IntakeApiContext{&config, s->intake_.get(), s->quarantine_.get()};
  api::AddIntakeRoutes(parts.http, &s->api_context_);

  s->queries_ = std::make_unique<HostQueries>(&config, s->intake_.get(), parts.ticket_view, parts.log);
  PluginEnvironment env;
  env.config = &config;
  env.intake = s->intake_.get();
  env.http = parts.http;
  env.metrics = parts.metrics;
  env.queries = s->queries_.get();
  env.event_log = parts.log;
  env.tickets = parts.tickets;
  env.clock = parts.clock;
  env.log = [](const std::string& plugin, int level, const std::string& message) {
    std::fprintf(stderr, "rexian serve: plugin %s: %s: %s\n", plugin.c_str(), LevelName(level),
                 message.c_str());
  };
  s->plugins_ = std::make_unique<PluginHost>(env);
  if (Status started = s->plugins_->StartAll(); !started.ok()) {
    s->plugins_->StopAll();
    return started;
  }
  for (const PluginConfig& plugin : config.plugins) {
    PluginHost* host = s->plugins_.get();
    const std::string name = plugin.name;
    parts.readiness->Add("plugin:" + name, [host, name] {
      for (const auto& [instance, status] : host->Health()) {
        if (instance == name) return status;
      }
      return Status::NotFound("no plugin '" + name + "'");
    });
  }

  PluginHost* host = s->plugins_.get();
  auto view = ReplyView::Open(config.store.views_path + "/replies",
                              ReplyViewOptions{[host](const std::string& c) { return host->Serves(c); },
                                               parts.clock, std::chrono::hours(24)});
  if (!view.ok()) return Status::IoError("reply view: " + view.status().ToString());
  s->reply_view_ = std::move(view).value();
  s->reply_runner_ = std::make_unique<ProjectionRunner>(parts.log->store(), s->reply_view_.get());
  if (Status r = s->reply_runner_->Start(); !r.ok()) return r;
  ProjectionRunner* runner = s->reply_runner_.get();
  parts.readiness->Add("reply_view", [runner] { return runner->status(); });
  ReplyReactorOptions reactor_options;
  reactor_options.clock = parts.clock;
  reactor_options.utc_offset = offset;
  if (parts.lease != nullptr) {
    ReactorLease* lease = parts.lease;
    reactor_options.may_act = [lease] { return lease->Held(); };
  }
  s->reactor_ = std::make_unique<ReplyReactor>(s->reply_view_.get(), runner, parts.log, host,
                                               reactor_options);
  s->reactor_->Start();
  return s;
}

ChannelServices::~ChannelServices() { Stop(); }

void ChannelServices::Stop() {
  if (stopped_) return;
  stopped_ = true;
  if (plugins_) {
    if (Status s = plugins_->StopAll(); !s.ok()) {
      std::fprintf(stderr, "rexian serve: %s\n", s.ToString().c_str());
    }
  }
  if (reactor_) reactor_->Stop();
  if (reply_runner_) reply_runner_->Stop();
}

}  // namespace rexian::cli
