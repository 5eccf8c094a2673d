// ExecPluginMetrics: one exec plugin's Prometheus series.
#include "plugin_host/exec_plugin_metrics.h"

#include <mutex>

#include "plugin_host/exec_plugin_state.h"
#include "rexian/metrics.h"

namespace rexian {

ExecPluginMetrics::ExecPluginMetrics(MetricsRegistry* registry,
                                     const std::shared_ptr<ExecPluginState>& state)
    : plugin_(PluginMetrics::Register(registry, state->name)) {
  if (registry == nullptr) return;
  std::weak_ptr<ExecPluginState> weak = state;
  registry->AddCollector([weak](MetricsWriter& out) {
    std::shared_ptr<ExecPluginState> s = weak.lock();
    if (!s) return;
    ExecPluginStats stats;
    {
      std::lock_guard lock(s->mu);
      stats = s->stats;
    }
    const MetricLabels labels = {{"plugin", s->name}};
    out.WriteCounter("rexian_exec_plugin_restarts_total",
                     "Children of an exec plugin restarted after the previous one ended",
                     static_cast<double>(stats.restarts), labels);
    out.WriteCounter("rexian_exec_plugin_malformed_lines_total",
                     "Lines from an exec plugin that broke the protocol (each logged with why)",
                     static_cast<double>(stats.malformed_lines), labels);
  });
}

Status ExecPluginMetrics::Record(const PluginMessage& message) {
  return message.gauge ? plugin_->SetGauge(message.metric_name, message.help, message.value)
                       : plugin_->AddToCounter(message.metric_name, message.help, message.value);
}

void ExecPluginMetrics::CountSubmit(const SubmitOutcome& outcome) {
  const Status& s = outcome.status;
  plugin_->CountSubmit(s.ok()                  ? (outcome.duplicate ? "duplicate" : "accepted")
                       : s.IsInvalidArgument() ? "invalid"
                       : s.IsUnavailable() || s.IsNoSpace() ? "unavailable"
                                                            : "error");
}

void ExecPluginMetrics::CountDelivery(const Status& status) {
  plugin_->CountDelivery(status.ok() ? "ok" : status.IsUnavailable() ? "retry" : "undeliverable");
}

void ExecPluginMetrics::SetUp(bool up) { plugin_->SetUp(up); }

}  // namespace rexian
