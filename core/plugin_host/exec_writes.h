// AnswerExecWrite: an exec plugin's write queries (record_event,
// ticket_command: plugin ABI 1.1) answered through PluginWrites.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "plugin_host/plugin_writes.h"
#include "rexian/status.h"

namespace rexian {

// Runs the write `query` with `args` as the C host table's function of the
// same name would (rexian/plugin.h) and waits for its outcome (at most 10 s):
//   "record_event"   {"stream", "event_type", "payload": {...}, "event_id"}
//   "ticket_command" {"ticket", "action", "body"?: {...}, "idempotency_key"?}
// OK: {"position", "duplicate", "result": <the result document>}. A refusal
// is the status of the call (InvalidArgument, NotFound, PermissionDenied,
// Conflict, Unavailable) with the error document's message and fields.
// nullopt when `query` is not a write (a read query: AnswerExecQuery).
// `writes` null: Unavailable. Blocks the caller until the write is durable.
std::optional<Result<std::string>> AnswerExecWrite(PluginWrites* writes,
                                                   const PluginWriter& writer,
                                                   std::string_view query,
                                                   const boost::json::object& args);

}  // namespace rexian
