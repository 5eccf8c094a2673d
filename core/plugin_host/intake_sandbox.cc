// IntakeSandbox: opening the store, views and intake in a scratch directory.
#include "plugin_host/intake_sandbox.h"

#include "intake/intake.h"
#include "intake/pseudonym_secret.h"
#include "intake/quarantine.h"
#include "plugin_host/host_queries.h"
#include "projections/ticket_view.h"
#include "rexian/event_log.h"
#include "rexian/metrics.h"
#include "rexian/privacy.h"
#include "rexian/projection.h"
#include "rexian/schema_registry.h"
#include "service/ticket_service.h"

namespace rexian {

// Declared in the order they are built; destroyed in reverse.
struct IntakeSandbox::Parts {
  Config config;
  std::unique_ptr<SchemaRegistry> schemas;
  std::unique_ptr<KeyStore> keys;
  std::unique_ptr<EventStore> store;
  std::unique_ptr<EventLog> log;
  std::unique_ptr<TicketView> view;
  std::unique_ptr<ProjectionRunner> runner;
  std::unique_ptr<TicketService> tickets;
  std::unique_ptr<Quarantine> quarantine;
  std::unique_ptr<Intake> intake;
  std::unique_ptr<HostQueries> queries;
  std::unique_ptr<MetricsRegistry> metrics;
  std::function<ticket::Time()> clock;

  ~Parts() {
    if (runner) runner->Stop();
    queries.reset();
    intake.reset();
    quarantine.reset();
    tickets.reset();
    runner.reset();
    view.reset();
    log.reset();
    if (store) store->Close();
  }
};

IntakeSandbox::IntakeSandbox(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
IntakeSandbox::~IntakeSandbox() = default;

Result<std::unique_ptr<IntakeSandbox>> IntakeSandbox::Open(Config config, const std::string& dir) {
  auto p = std::make_unique<Parts>();
  p->config = std::move(config);
  p->config.store.path = dir + "/log";
  p->config.store.keys_path = dir + "/keys";
  p->config.store.views_path = dir + "/views";
  const StoreConfig& store = p->config.store;

  auto schemas = SchemaRegistry::Load(p->config.schemas_dir);
  if (!schemas.ok()) return schemas.status();
  p->schemas = std::move(schemas).value();
  auto keys = KeyStore::Open(store.keys_path);
  if (!keys.ok()) return keys.status();
  p->keys = std::move(keys).value();
  LmdbStoreOptions options;
  options.path = store.path;
  options.durability = Durability::kRelaxed;  // a scratch log need not survive power loss
  options.initial_map_bytes = 64ull << 20;
  auto opened = OpenLmdbEventStore(options);
  if (!opened.ok()) return opened.status();
  p->store = std::move(opened).value();
  p->log = std::make_unique<EventLog>(p->store.get(), p->schemas.get(), p->keys.get());

  const std::chrono::minutes offset = p->config.sla.utc_offset.value_or(std::chrono::hours(8));
  auto view = TicketView::Open(store.views_path + "/tickets", offset);
  if (!view.ok()) return view.status();
  p->view = std::move(view).value();
  p->runner = std::make_unique<ProjectionRunner>(p->store.get(), p->view.get());
  if (Status s = p->runner->Start(); !s.ok()) return s;

  auto clock = [] {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  };
  auto secret = LoadPseudonymSecret(store.keys_path);
  if (!secret.ok()) return secret.status();
  p->tickets = std::make_unique<TicketService>(p->log.get(), &p->config);
  p->quarantine = std::make_unique<Quarantine>(p->log.get(), clock, offset);
  IntakeOptions intake_options;
  intake_options.clock = clock;
  intake_options.pseudonym_secret = std::move(secret).value();
  p->intake = std::make_unique<Intake>(p->tickets.get(), p->view.get(), p->quarantine.get(),
                                       std::move(intake_options));
  p->queries =
      std::make_unique<HostQueries>(&p->config, p->intake.get(), p->view.get(), p->log.get());
  p->metrics = std::make_unique<MetricsRegistry>();
  p->clock = clock;
  return std::unique_ptr<IntakeSandbox>(new IntakeSandbox(std::move(p)));
}

const Config& IntakeSandbox::config() const { return parts_->config; }
Intake* IntakeSandbox::intake() const { return parts_->intake.get(); }
HostQueries* IntakeSandbox::queries() const { return parts_->queries.get(); }
MetricsRegistry* IntakeSandbox::metrics() const { return parts_->metrics.get(); }
EventStore* IntakeSandbox::store() const { return parts_->store.get(); }
EventLog* IntakeSandbox::log() const { return parts_->log.get(); }
TicketView* IntakeSandbox::view() const { return parts_->view.get(); }
TicketService* IntakeSandbox::tickets() const { return parts_->tickets.get(); }

PluginEnvironment IntakeSandbox::Environment(
    HttpServer* http, std::function<void(const std::string&, int, const std::string&)> log) const {
  PluginEnvironment env;
  env.config = &parts_->config;
  env.intake = parts_->intake.get();
  env.http = http;
  env.metrics = parts_->metrics.get();
  env.queries = parts_->queries.get();
  env.event_log = parts_->log.get();
  env.tickets = parts_->tickets.get();
  env.clock = parts_->clock;
  env.log = std::move(log);
  return env;
}

bool IntakeSandbox::WaitForView(std::chrono::milliseconds timeout) const {
  return parts_->runner->WaitFor(parts_->store->HeadPosition(), timeout);
}

}  // namespace rexian
