// TicketViewFacts: TicketDocument -> TicketFacts.
#include "feed/ticket_view_facts.h"

#include "domain/ticket_names.h"

namespace rexian::feed {

TicketFactsLookup TicketViewFacts(TicketView* view) {
  return [view](const std::string& stream_id) -> std::optional<TicketFacts> {
    auto doc = view->Get(stream_id);
    if (!doc.ok()) return std::nullopt;
    const ticket::TicketState& state = doc->state;
    TicketFacts facts;
    facts.level = std::string(ticket::LevelName(state.level));
    facts.platform = state.platform_code;
    facts.channel = state.channel;
    if (state.classification) facts.domain = state.classification->domain_code;
    if (!state.lead_department.empty()) facts.departments.push_back(state.lead_department);
    for (const std::string& d : state.assisting_departments) facts.departments.push_back(d);
    return facts;
  };
}

}  // namespace rexian::feed
