// TicketViewFacts: a TicketFactsLookup reading the ticket view, for tickets the feed's index never saw.
#pragma once

#include "feed/ticket_facts.h"
#include "projections/ticket_view.h"

namespace rexian::feed {

// Reads `view` (REQUIRES: it outlives the lookup). The view may lag the log by
// a few milliseconds; a ticket opened that recently is in the index anyway.
TicketFactsLookup TicketViewFacts(TicketView* view);

}  // namespace rexian::feed
