// PluginMetrics: series set by plugins and counted by the host, rendered at scrape time.
#include "plugin_host/plugin_metrics.h"

#include <cmath>

#include "rexian/metrics.h"

namespace rexian {

namespace {

bool ValidSeriesName(std::string_view name) {
  if (name.empty() || name.size() > 100 || name[0] < 'a' || name[0] > 'z') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

// Writes one PluginMetrics into a scrape; a friend so that the series stay private.
class PluginMetricsCollector {
 public:
  static void Write(const PluginMetrics& m, MetricsWriter& out) {
    std::lock_guard lock(m.mu_);
    const MetricLabels plugin{{"plugin", m.instance_}};
    out.WriteGauge("rexian_plugin_up", "1 while the plugin instance is started", m.up_ ? 1 : 0,
                   plugin);
    for (const auto& [outcome, count] : m.submits_) {
      out.WriteCounter("rexian_plugin_submits_total", "Contacts plugins submitted, by outcome",
                       static_cast<double>(count), {{"plugin", m.instance_}, {"outcome", outcome}});
    }
    for (const auto& [outcome, count] : m.deliveries_) {
      out.WriteCounter("rexian_plugin_deliveries_total",
                       "Replies handed to plugins' deliver, by outcome", static_cast<double>(count),
                       {{"plugin", m.instance_}, {"outcome", outcome}});
    }
    for (const auto& [name, series] : m.counters_) {
      out.WriteCounter(name, series.help, series.value);
    }
    for (const auto& [name, series] : m.gauges_) out.WriteGauge(name, series.help, series.value);
  }
};

PluginMetrics::PluginMetrics(std::string instance) : instance_(std::move(instance)) {}

std::shared_ptr<PluginMetrics> PluginMetrics::Register(MetricsRegistry* registry,
                                                       const std::string& instance) {
  std::shared_ptr<PluginMetrics> metrics(new PluginMetrics(instance));
  if (registry != nullptr) {
    registry->AddCollector(
        [metrics](MetricsWriter& out) { PluginMetricsCollector::Write(*metrics, out); });
  }
  return metrics;
}

std::string PluginMetrics::Prefix() const {
  std::string prefix = "rexian_plugin_";
  for (char c : instance_) prefix += c == '-' ? '_' : c;
  return prefix + "_";
}

Status PluginMetrics::AddToCounter(std::string_view name, std::string_view help, double delta) {
  if (!ValidSeriesName(name)) {
    return Status::InvalidArgument("counter name \"" + std::string(name) +
                                   "\" does not match [a-z][a-z0-9_]{0,99}");
  }
  if (!std::isfinite(delta) || delta < 0) {
    return Status::InvalidArgument("counter " + std::string(name) +
                                   ": delta must be finite and >= 0");
  }
  std::lock_guard lock(mu_);
  Series& series = counters_[Prefix() + std::string(name) + "_total"];
  if (series.help.empty()) series.help = help;
  series.value += delta;
  return Status::OK();
}

Status PluginMetrics::SetGauge(std::string_view name, std::string_view help, double value) {
  if (!ValidSeriesName(name)) {
    return Status::InvalidArgument("gauge name \"" + std::string(name) +
                                   "\" does not match [a-z][a-z0-9_]{0,99}");
  }
  if (!std::isfinite(value)) {
    return Status::InvalidArgument("gauge " + std::string(name) + ": value must be finite");
  }
  std::lock_guard lock(mu_);
  Series& series = gauges_[Prefix() + std::string(name)];
  if (series.help.empty()) series.help = help;
  series.value = value;
  return Status::OK();
}

void PluginMetrics::CountSubmit(const char* outcome) {
  std::lock_guard lock(mu_);
  ++submits_[outcome];
}

void PluginMetrics::CountDelivery(const char* outcome) {
  std::lock_guard lock(mu_);
  ++deliveries_[outcome];
}

void PluginMetrics::SetUp(bool up) {
  std::lock_guard lock(mu_);
  up_ = up;
}

}  // namespace rexian
