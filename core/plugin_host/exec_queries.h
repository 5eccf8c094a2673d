// AnswerExecQuery: an exec plugin's "query" message answered through HostQueries.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "rexian/status.h"

namespace rexian {

class HostQueries;

// Answers `query` with `args` as the C host table's function of the same
// name would (rexian/plugin.h), returning the JSON text it hands its sink:
//   "config_section" {"section": "taxonomy" | "organisation" | "server"}
//   "get_ticket"     {"id": "ticket-<number>" or "<number>"}
//   "list_tickets"   the query object itself ({"status": "open", "limit": 10, ...})
//   "find_contact"   {"channel_message_id": "...", "channel"?: default `channel`}
// InvalidArgument naming the member for an unknown query or bad args;
// otherwise whatever HostQueries answers (NotFound, ...). Thread-safe.
Result<std::string> AnswerExecQuery(const HostQueries& queries, std::string_view channel,
                                    std::string_view query, const boost::json::object& args);

}  // namespace rexian
