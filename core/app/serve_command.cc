// `rexian serve`: the long-running server.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdio>

#include "app/channel_services.h"
#include "app/cluster_lease.h"
#include "app/cli_args.h"
#include "app/demo_traffic.h"
#include "app/commands.h"
#include "app/health_routes.h"
#include "app/runtime.h"
#include "app/views.h"
#include "api/stats_api.h"
#include "api/ticket_api.h"
#include "feed/operations_feed.h"
#include "feed/ticket_view_facts.h"
#include "rexian/http.h"
#include "rexian/metrics.h"
#include "projections/statistics_tick.h"
#include "service/deadline_watcher.h"

namespace rexian::cli {

int RunServe(const Args& raw) {
  auto args = CliArgs::Parse(raw, {"config", "demo-rate", "demo-scenario"}, {"demo"});
  if (!args.ok()) return Fail("serve", args.status().message(), 2);

  // Block the shutdown signals before any thread starts, so every thread
  // inherits the mask and only sigwait below receives them.
  sigset_t shutdown_signals;
  sigemptyset(&shutdown_signals);
  sigaddset(&shutdown_signals, SIGINT);
  sigaddset(&shutdown_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &shutdown_signals, nullptr);

  const std::string config_path = args->Get("config", kDefaultConfig);
  auto opened = OpenRuntime(config_path, RuntimeNeeds{true, true, true});
  if (!opened.ok()) return Fail("serve", opened.status().ToString(), 2);
  std::unique_ptr<Runtime> rt = std::move(opened).value();

  auto views = Views::Open(rt->config);
  if (!views.ok()) return Fail("serve", views.status().ToString(), 2);
  // The views catch up from their checkpoints before the API opens.
  ProjectionRunner ticket_runner(rt->store.get(), (*views)->tickets());
  if (Status s = ticket_runner.Start(); !s.ok()) return Fail("serve", s.ToString(), 1);
  ticket_runner.WaitFor(rt->store->HeadPosition(), std::chrono::minutes(10));
  ProjectionRunner statistics_runner(rt->store.get(), (*views)->statistics());
  if (Status s = statistics_runner.Start(); !s.ok()) return Fail("serve", s.ToString(), 1);
  statistics_runner.WaitFor(rt->store->HeadPosition(), std::chrono::minutes(10));
  TicketService tickets(rt->log.get(), &rt->config);
  auto clock = [] {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  };
  api::TicketApiContext api_context{&rt->config, &tickets, (*views)->tickets(), &ticket_runner,
                                    clock};
  // Reactors with side effects run on one node of a cluster at a time
  // (opened below, before any reactor starts).
  std::unique_ptr<ReactorLease> reactor_lease;
  DeadlineWatcher watcher((*views)->tickets(), &tickets, DeadlineWatcherOptions{
                                                              .warn_before = std::chrono::hours(4),
                                                              .interval = std::chrono::seconds(1),
                                                              .clock = clock,
                                                              .may_act = [&reactor_lease] {
                                                                return reactor_lease->Held();
                                                              }});

  MetricsRegistry metrics;
  ExportStoreMetrics(rt->store.get(), &metrics);
  auto lease = OpenClusterLease(rt->config.store, &metrics);
  if (!lease.ok()) return Fail("serve", "reactor lease: " + lease.status().ToString(), 1);
  reactor_lease = std::move(lease).value();
  Readiness readiness;
  EventStore* store = rt->store.get();
  readiness.Add("event_store", [store] {
    auto version = store->StreamVersion("$readiness-probe");
    return version.ok() ? Status::OK() : version.status();
  });
  readiness.Add("ticket_view", [&ticket_runner] { return ticket_runner.status(); });
  readiness.Add("statistics_view", [&statistics_runner] { return statistics_runner.status(); });
  // The server answers before the plugins have registered their routes:
  // not ready until they have.
  std::atomic<bool> channels_started{false};
  readiness.Add("channels", [&channels_started] {
    return channels_started.load() ? Status::OK()
                                   : Status::Unavailable("channel plugins are starting");
  });

  HttpServerOptions options;
  options.bind = rt->config.server.bind;
  options.port = rt->config.server.port;
  options.io_threads = rt->config.server.io_threads;
  options.body_limit_bytes = rt->config.server.body_limit_bytes;
  auto server = HttpServer::Start(options);
  if (!server.ok()) return Fail("serve", server.status().ToString(), 1);
  (*server)->ExportMetrics(metrics);
  AddHealthRoutes(server->get(), &readiness, &metrics);
  api::AddTicketRoutes(server->get(), &api_context);
  auto unix_now = [] {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
  };
  api::StatsApiContext stats_context{&rt->config, (*views)->statistics(), unix_now};
  api::AddStatsRoutes(server->get(), &stats_context);
  // The operations feed, WebSocket /v1/feed (docs/feed.md), with a
  // statistics tick every second from the statistics view.
  feed::FeedOptions feed_options = feed::FeedOptionsFrom(rt->config.feed);
  feed_options.ticket_lookup = feed::TicketViewFacts((*views)->tickets());
  feed_options.stats_tick = [statistics = (*views)->statistics(), unix_now] {
    return StatisticsTick(*statistics, unix_now());
  };
  feed::OperationsFeed operations_feed(rt->log.get(), &rt->config.users, feed_options);
  if (Status s = operations_feed.Start(); !s.ok()) {
    (*server)->Stop();
    ticket_runner.Stop();
    return Fail("serve", "operations feed: " + s.ToString(), 1);
  }
  operations_feed.AddRoute(server->get());
  operations_feed.ExportMetrics(&metrics);
  auto channels = ChannelServices::Start(ChannelServicesParts{
      &rt->config, rt->log.get(), &tickets, (*views)->tickets(), server->get(), &metrics, &readiness,
      clock, reactor_lease.get()});
  if (!channels.ok()) {
    (*server)->Stop();
    ticket_runner.Stop();
    return Fail("serve", channels.status().ToString(), 1);
  }
  channels_started = true;
  watcher.Start();
  // --demo: the scenario's requests, live, so the feed moves from the start.
  std::unique_ptr<DemoTraffic> demo;
  if (args->Has("demo")) {
    DemoOptions demo_options;
    demo_options.scenario_path = args->Get("demo-scenario", demo_options.scenario_path);
    try {
      demo_options.requests_per_second = std::stod(args->Get("demo-rate", "5"));
    } catch (const std::exception&) {
      demo_options.requests_per_second = -1;
    }
    auto started = DemoTraffic::Start(rt->config, (*channels)->intake(), &tickets, demo_options);
    if (!started.ok()) {
      (*channels)->Stop();
      operations_feed.Stop();
      (*server)->Stop();
      watcher.Stop();
      ticket_runner.Stop();
      statistics_runner.Stop();
      return Fail("serve", "--demo: " + started.status().message(), 2);
    }
    demo = std::move(started).value();
    std::fprintf(stderr, "rexian serve: demo traffic at %g requests/s from %s\n",
                 demo_options.requests_per_second, demo_options.scenario_path.c_str());
  }

  std::fprintf(stderr,
               "rexian serve: listening on http://%s:%u (config %s, log %s, head position %llu)\n",
               options.bind.c_str(), static_cast<unsigned>((*server)->port()),
               config_path.c_str(), rt->config.store.path.c_str(),
               static_cast<unsigned long long>(store->HeadPosition()));

  int signal_number = 0;
  sigwait(&shutdown_signals, &signal_number);
  std::fprintf(stderr, "rexian serve: %s received, shutting down\n",
               signal_number == SIGINT ? "SIGINT" : "SIGTERM");
  demo.reset();  // the demo's requests in flight finish first
  (*channels)->Stop();  // plugins first: no new contacts while the rest winds down
  operations_feed.Stop();  // its clients get close code 1001 before the server stops
  (*server)->Stop();
  watcher.Stop();
  ticket_runner.Stop();
  statistics_runner.Stop();
  rt.reset();  // closes the store after the queued appends are durable
  std::fprintf(stderr, "rexian serve: stopped cleanly\n");
  return 0;
}

}  // namespace rexian::cli
