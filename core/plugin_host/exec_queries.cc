// AnswerExecQuery: an exec plugin's "query" message answered through HostQueries.
#include "plugin_host/exec_queries.h"

#include <boost/json/serialize.hpp>

#include "api/json_body.h"
#include "plugin_host/host_queries.h"

namespace rexian {

Result<std::string> AnswerExecQuery(const HostQueries& queries, std::string_view channel,
                                    std::string_view query, const boost::json::object& args) {
  if (query == "list_tickets") return queries.ListTickets(boost::json::serialize(args));
  api::JsonBody body(args, "/args");
  if (query == "config_section") {
    const std::string section = body.Str("section");
    if (!body.status().ok()) return body.status();
    return queries.ConfigSection(section);
  }
  if (query == "get_ticket") {
    const std::string id = body.Str("id");
    if (!body.status().ok()) return body.status();
    return queries.GetTicket(id);
  }
  if (query == "find_contact") {
    const std::string message_id = body.Str("channel_message_id");
    const std::string other_channel = body.OptStr("channel").value_or(std::string(channel));
    if (!body.status().ok()) return body.status();
    return queries.FindContact(other_channel, message_id);
  }
  return Status::InvalidArgument(
      "/query: unknown query (expected config_section, get_ticket, list_tickets, find_contact, "
      "record_event or ticket_command)");
}

}  // namespace rexian
