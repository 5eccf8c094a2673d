// The host side of the C ABI: what a shared plugin's `rexian_host*` points to,
// and the function table (rexian_host_api) every shared plugin receives.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "plugin_host/channel_plugin.h"
#include "plugin_host/plugin_metrics.h"
#include "plugin_host/plugin_routes.h"
#include "plugin_host/plugin_writes.h"
#include "rexian/plugin.h"

// The host's record of one shared plugin instance (declared opaque in
// rexian/plugin.h). Shared ownership: work the plugin started (a submit
// awaiting its outcome) keeps it alive, so a late callback never finds it
// freed. The mutable members are guarded by `mu`.
struct rexian_host : std::enable_shared_from_this<rexian_host> {
  rexian_host(rexian::PluginEnvironment environment, std::string instance_name,
              std::string channel_name, std::string plugin_label,
              rexian::Role actor_role = rexian::Role::kIntegrator);

  const rexian::PluginEnvironment env;
  const std::string instance;  // configured instance name, "web"
  const std::string channel;   // the channel its contacts must name
  const std::string label;     // PluginLabel(instance, file), for messages
  const std::uint64_t id;      // unique in the process: tags its HTTP exchanges
  const std::shared_ptr<rexian::PluginMetrics> metrics;
  const std::shared_ptr<rexian::RouteGate> gate;
  const rexian::PluginWriter writer;  // who its record_event / ticket_command act as
  // Null when the environment has no log, ticket service or clock.
  const std::unique_ptr<rexian::PluginWrites> writes;

  // register_route is accepted only while this is set (create and start).
  std::atomic<bool> routes_open{true};

  std::mutex mu;
  std::condition_variable submits_idle;
  int submits_in_flight = 0;  // submits, record_events and ticket_commands
  bool submits_open = true;
  std::vector<std::pair<std::string, std::string>> routes;  // method, pattern
  std::set<std::string> warned;  // metric names already reported as invalid

  // Writes one line to the server log in the plugin's name.
  void Log(int level, const std::string& message) const;
};

namespace rexian {

// The table passed to every shared plugin's create(). Static storage.
const rexian_host_api* HostApiTable();

// Refuses further submits, record_events and ticket_commands
// (REXIAN_UNAVAILABLE) and waits until the done callback of every accepted
// one has returned, or until `deadline`. True
// when none is left in flight.
bool CloseSubmits(rexian_host* host, std::chrono::steady_clock::time_point deadline);

}  // namespace rexian
