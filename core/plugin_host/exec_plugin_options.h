// The settings, the links to the rest of rexian, and the counters of one exec plugin.
#pragma once

#include <sys/types.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "intake/intake.h"
#include "rexian/status.h"

namespace rexian {

class MetricsRegistry;

// Limits and timings of an exec plugin's supervision. The defaults are what
// `rexian serve` uses; tests shorten them.
struct ExecPluginOptions {
  // From spawning a child to its "ready" message, at every (re)start.
  std::chrono::milliseconds start_timeout{10000};
  // Restart delays: `restart_delay_min`, doubling per consecutive failure up
  // to `restart_delay_max`; a child that stayed ready for `stable_after`
  // resets it to the minimum.
  std::chrono::milliseconds restart_delay_min{100};
  std::chrono::milliseconds restart_delay_max{30000};
  std::chrono::milliseconds stable_after{60000};
  // From SIGTERM to SIGKILL (after stop_timeout ran out, or after the child
  // closed its stdout or stdin while still running).
  std::chrono::milliseconds kill_grace{1000};
  // A deliver not answered within this is failed as Unavailable (retried).
  std::chrono::milliseconds delivery_timeout{30000};
  // Longest line either way; a longer line from the plugin is discarded and
  // counted as malformed.
  std::size_t max_line_bytes = 1 << 20;
  // Backpressure: the host stops reading the plugin's stdout while this many
  // submits await intake's answer, or while this many bytes wait to be
  // written to the plugin's stdin.
  std::size_t max_submits_in_flight = 256;
  std::size_t max_unwritten_bytes = 8 << 20;
  // Deliveries waiting for their answer; more are refused as Unavailable.
  std::size_t max_deliveries_in_flight = 64;
};

// How an exec plugin reaches the rest of rexian. CreateExecPlugin binds these
// to a PluginEnvironment (Intake, HostQueries, the server log, metrics).
struct ExecPluginPorts {
  // Submits one contact (JSON text) for this plugin's channel; `done` is
  // called exactly once, on any thread, possibly before this returns. Must
  // not block.
  std::function<void(std::string contact_json, SubmitCallback done)> submit;
  // Answers a "query" message (see AnswerExecQuery). Called on the plugin's
  // supervisor thread; may take milliseconds.
  std::function<Result<std::string>(std::string_view query, const boost::json::object& args)> query;
  // Writes one line to the server log; `level` is a rexian_log_level.
  std::function<void(int level, const std::string& message)> log;
  // Where the plugin's own metrics and the supervisor's go; may be null.
  MetricsRegistry* metrics = nullptr;
};

// What the supervisor counted since the plugin was created.
struct ExecPluginStats {
  pid_t pid = 0;                        // the running child, 0 between children
  std::uint64_t starts = 0;             // children spawned
  std::uint64_t restarts = 0;           // children spawned after the first
  std::uint64_t lines_received = 0;     // lines read from the children's stdout
  std::uint64_t malformed_lines = 0;    // of which malformed (logged with the reason)
  std::uint64_t submits = 0;            // submits handed to intake
  std::uint64_t deliveries_ok = 0;      // deliveries the plugin confirmed
  std::uint64_t deliveries_failed = 0;  // failed, timed out or cut off by a child's end
};

}  // namespace rexian
