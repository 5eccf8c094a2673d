// RoutingMatch: what a routing rule's conditions say about themselves.
#include "rexian/config.h"

namespace rexian {

bool RoutingMatch::MatchesEverything() const {
  return subcategory_codes.empty() && platform_codes.empty() && type_codes.empty() &&
         keywords.empty() && !during_holiday.has_value();
}

}  // namespace rexian
