// HostQueries: the read-only questions plugins may ask the host, shared by
// the C host table (rexian_host_api) and the exec protocol so both answer
// them identically.
#pragma once

#include <string>
#include <string_view>

#include "rexian/status.h"

namespace rexian {

class Intake;
class TicketView;
class EventLog;
struct Config;

// Thread-safe; every answer is a JSON text. See rexian/plugin.h for the
// members of each answer.
class HostQueries {
 public:
  // REQUIRES: the pointers outlive the object.
  HostQueries(const Config* config, Intake* intake, TicketView* view, EventLog* log);

  // "taxonomy", "organisation", "server". NotFound for another name.
  Result<std::string> ConfigSection(std::string_view section) const;
  // The public view of one ticket (no personal data). NotFound when unknown.
  Result<std::string> GetTicket(std::string_view id_or_number) const;
  // {"items": [...], "next": cursor|null}. InvalidArgument for a bad query.
  Result<std::string> ListTickets(std::string_view query_json) const;
  // {"ticket_number", "ticket_id"}. NotFound when no such contact.
  Result<std::string> FindContact(std::string_view channel, std::string_view channel_message_id) const;

 private:
  const Config* config_;
  Intake* intake_;
  TicketView* view_;
  EventLog* log_;
};

}  // namespace rexian
