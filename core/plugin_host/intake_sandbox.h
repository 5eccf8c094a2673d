// IntakeSandbox: a complete intake over a throwaway store, for `rexian plugin check` and tests.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "plugin_host/channel_plugin.h"
#include "rexian/config.h"
#include "rexian/status.h"

namespace rexian {

class EventLog;
class EventStore;
class HttpServer;
class Intake;
class HostQueries;
class MetricsRegistry;
class TicketService;
class TicketView;

// Everything a plugin reaches through PluginEnvironment, real but private:
// a fresh LMDB event log and key store under one directory, the ticket
// view following the log, the ticket service, the quarantine and the
// intake, with `config`'s organisation, taxonomy, SLA policies and routing
// and the JSON Schemas of config.schemas_dir. Nothing of the configured
// store is touched. Not copyable; the members are thread-safe as their
// classes are.
class IntakeSandbox {
 public:
  // Opens the sandbox in `dir` (created if missing), overriding
  // config.store's paths with `dir`/log, `dir`/keys and `dir`/views.
  // Errors name what could not be opened.
  static Result<std::unique_ptr<IntakeSandbox>> Open(Config config, const std::string& dir);

  // Stops the view's runner and closes the store.
  ~IntakeSandbox();
  IntakeSandbox(const IntakeSandbox&) = delete;
  IntakeSandbox& operator=(const IntakeSandbox&) = delete;

  const Config& config() const;
  Intake* intake() const;
  HostQueries* queries() const;
  MetricsRegistry* metrics() const;
  EventStore* store() const;
  EventLog* log() const;
  TicketView* view() const;
  // For tests that drive a ticket further (dispatch, resolve, ...).
  TicketService* tickets() const;

  // The environment for plugins: these parts plus `http` (may be null) and
  // `log` (empty: plugin log lines go to stderr).
  PluginEnvironment Environment(
      HttpServer* http,
      std::function<void(const std::string&, int, const std::string&)> log = {}) const;

  // Waits until the ticket view has applied the whole log as it is now;
  // false on timeout. For reading one's own writes through the view.
  bool WaitForView(std::chrono::milliseconds timeout) const;

 private:
  struct Parts;
  explicit IntakeSandbox(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace rexian
