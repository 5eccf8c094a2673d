// PluginMetrics: the Prometheus series of one plugin instance.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "rexian/status.h"

namespace rexian {

class MetricsRegistry;

// Holds the series a plugin sets through rexian_host_api.counter_add and
// gauge_set (rexian_plugin_<instance>_<name>_total and
// rexian_plugin_<instance>_<name>, '-' in the instance name written '_'),
// plus the host's own per-plugin counts, labelled {plugin="<instance>"}:
//   rexian_plugin_submits_total{outcome="accepted|duplicate|invalid|unavailable|error"}
//   rexian_plugin_deliveries_total{outcome="ok|retry|undeliverable"}
// and rexian_plugin_up (1 while started). Thread-safe.
class PluginMetrics {
 public:
  // A new set for `instance`, rendered by a collector added to `registry`
  // (null: kept but not exported). The collector shares ownership, so the
  // series stay readable after the plugin is gone.
  static std::shared_ptr<PluginMetrics> Register(MetricsRegistry* registry,
                                                 const std::string& instance);

  // InvalidArgument when `name` does not match [a-z][a-z0-9_]{0,99} or
  // `delta` is negative or not finite; nothing is recorded then.
  Status AddToCounter(std::string_view name, std::string_view help, double delta);
  // InvalidArgument for an invalid name or a value that is not finite.
  Status SetGauge(std::string_view name, std::string_view help, double value);

  // Host-side counts; `outcome` is one of the values listed above.
  void CountSubmit(const char* outcome);
  void CountDelivery(const char* outcome);
  void SetUp(bool up);

 private:
  explicit PluginMetrics(std::string instance);
  struct Series {
    std::string help;
    double value = 0.0;
  };
  std::string Prefix() const;

  const std::string instance_;
  mutable std::mutex mu_;
  std::map<std::string, Series> counters_;  // by full name
  std::map<std::string, Series> gauges_;
  std::map<std::string, std::uint64_t> submits_;     // by outcome
  std::map<std::string, std::uint64_t> deliveries_;  // by outcome
  bool up_ = false;

  friend class PluginMetricsCollector;
};

}  // namespace rexian
