// ExecPluginMetrics: one exec plugin's Prometheus series, the supervisor's and the plugin's own.
#pragma once

#include <memory>

#include "intake/intake.h"
#include "plugin_host/exec_protocol.h"
#include "plugin_host/plugin_metrics.h"
#include "rexian/status.h"

namespace rexian {

class MetricsRegistry;
struct ExecPluginState;

// The series every plugin instance has (PluginMetrics: rexian_plugin_up,
// rexian_plugin_submits_total{outcome}, rexian_plugin_deliveries_total
// {outcome}, and the plugin's own counters and gauges from "metric"
// messages), plus the supervisor's, rendered from ExecPluginState::stats at
// scrape time with the label {plugin="<name>"}:
//   rexian_exec_plugin_restarts_total
//   rexian_exec_plugin_malformed_lines_total
// Thread-safe.
class ExecPluginMetrics {
 public:
  // `registry` may be null: then nothing is exported. The registry's
  // collector holds `state` weakly, so it outlives the plugin harmlessly.
  ExecPluginMetrics(MetricsRegistry* registry, const std::shared_ptr<ExecPluginState>& state);

  // Applies one "metric" message. InvalidArgument naming what is wrong
  // (name, negative counter increment).
  Status Record(const PluginMessage& message);
  // Counts one intake answer by outcome (accepted, duplicate, invalid, ...).
  void CountSubmit(const SubmitOutcome& outcome);
  // Counts one delivery answer: OK, retry (Unavailable) or undeliverable.
  void CountDelivery(const Status& status);
  // 1 while a child is ready.
  void SetUp(bool up);

 private:
  std::shared_ptr<PluginMetrics> plugin_;
};

}  // namespace rexian
