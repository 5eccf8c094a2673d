// EventMetadata: built with Boost.JSON.
#include "service/event_metadata.h"

#include <boost/json.hpp>

#include "domain/ticket_time.h"

namespace rexian {

std::string EventMetadataJson(const ticket::Actor& actor, ticket::Time occurred_at,
                              std::chrono::minutes utc_offset, const std::string& citizen,
                              const std::string& channel) {
  boost::json::object m;
  m["actor"] = boost::json::object{{"user", actor.user}, {"role", ticket::ActorRoleName(actor)}};
  m["occurred_at"] = ticket::FormatTime(occurred_at, utc_offset);
  if (!citizen.empty()) m["citizen"] = citizen;
  if (!channel.empty()) m["channel"] = channel;
  return boost::json::serialize(m);
}

}  // namespace rexian
