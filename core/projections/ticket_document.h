// TicketDocument: the ticket view's record, a TicketState plus where it sits in the log.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <string>

#include "rexian/ticket.h"

namespace rexian {

// One ticket as the view stores and the API returns it. No personal data:
// the citizen appears only as the pseudonymous id of the event metadata;
// texts stay in the log (GET /v1/tickets/{id}/history).
struct TicketDocument {
  std::string id;                    // the stream id, "ticket-<number>"
  std::string citizen;               // pseudonymous citizen id, may be empty
  std::uint64_t opened_position = 0;
  std::uint64_t last_position = 0;   // position of the last event applied
  ticket::TicketState state;

  // Whether the resolution deadline in force has been marked overdue while
  // the ticket is not resolved.
  bool overdue() const;

  friend bool operator==(const TicketDocument&, const TicketDocument&) = default;
};

// JSON of a document; times are written with `utc_offset` (+08:00 for
// China). ToJson then FromJson gives back an equal document.
boost::json::object TicketDocumentToJson(const TicketDocument& doc,
                                         std::chrono::minutes utc_offset);
// The same document as JSON text: byte for byte json::serialize of
// TicketDocumentToJson, written straight into a string (the view's write
// path, which stores every touched document once per batch).
std::string TicketDocumentText(const TicketDocument& doc, std::chrono::minutes utc_offset);
// InvalidArgument naming the member that is missing or malformed.
Result<TicketDocument> TicketDocumentFromJson(const boost::json::object& json);

}  // namespace rexian
