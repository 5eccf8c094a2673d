// The exec plugin protocol's messages (schemas/plugin-exec.schema.json,
// docs/plugin-exec-protocol.md): the host's lines are built here and the
// plugin's lines parsed here, so the supervisor never touches raw JSON.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "intake/intake.h"
#include "intake/reply_transport.h"
#include "rexian/config.h"
#include "rexian/status.h"

namespace rexian {

// The protocol version the host speaks, sent as "abi" in hello.
inline constexpr int kExecProtocolVersion = 1;

// ---------------------------------------------------------------- host -> plugin
// Each function returns one complete line: a JSON object and '\n'.

// {"type":"hello","abi":1,"plugin","channel","config","max_line_bytes"}.
// `config.config_json` is embedded as an object ({} if it is not one).
std::string HelloLine(const PluginConfig& config, std::string_view channel,
                      std::size_t max_line_bytes);

// The answer to a submit: ok with the ticket, or ok:false with "code",
// "retry" (true when the same contact may succeed later) and "error" (the
// object of SubmitOutcome::ErrorJson). `id` is echoed as the plugin sent it.
std::string SubmittedLine(const boost::json::value& id, const SubmitOutcome& outcome);

// {"type":"deliver","id","reply":{delivery_id, attempt, kind, ticket_number,
// channel_message_id, citizen, text}}. `id` is the host's own request id.
std::string DeliverLine(std::string_view id, const Reply& reply);

// The answer to a query: {"ok":true,"value":<answer>} or {"ok":false,
// "error":{"code","message"}}. `answer` holds a JSON text when ok.
std::string ResultLine(const boost::json::value& id, const Result<std::string>& answer);

// {"type":"stop"}.
std::string StopLine();

// ---------------------------------------------------------------- plugin -> host

enum class PluginMessageType { kUnknown, kReady, kSubmit, kDelivered, kLog, kQuery, kMetric };

// One parsed line from the plugin. Members not used by its type keep their
// defaults. Unknown members are ignored (a newer plugin may send more).
struct PluginMessage {
  PluginMessageType type = PluginMessageType::kUnknown;
  // OK, or InvalidArgument "<JSON pointer>: <what was wrong>" (never quoting
  // values: a contact holds personal data). `type` and `id` are still set
  // when they could be read, so a bad submit or query can be answered.
  Status problem;
  boost::json::value id;  // submit, query (string or integer), delivered (string); else null

  bool delivers_replies = false;  // ready: "deliver": true
  std::string plugin_version;     // ready: "version", optional

  std::string contact_json;  // submit: the "contact" object, serialized

  bool ok = false;    // delivered
  bool retry = true;  // delivered, when !ok
  std::string error;  // delivered, when !ok

  int level = 1;        // log: a rexian_log_level
  std::string message;  // log

  std::string query;         // query: "config_section", "get_ticket", ...
  boost::json::object args;  // query: "args", {} when absent

  bool gauge = false;       // metric: "kind" is "gauge" (else "counter")
  std::string metric_name;  // metric: checked by PluginMetrics ([a-z][a-z0-9_]{0,99})
  std::string help;         // metric: optional
  double value = 0;         // metric: counter increment (>= 0) or gauge value
};

// Parses one line (without its '\n'). Never fails outright: a problem is
// reported in the result's `problem`.
PluginMessage ParsePluginMessage(std::string_view line);

// "submit", "ready", ... ("unknown" for kUnknown).
const char* PluginMessageTypeName(PluginMessageType type);

}  // namespace rexian
