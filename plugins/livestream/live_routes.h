// The programme desk's HTTP routes under the plugin's route_prefix.
#pragma once

#include "livestream/live_plugin.h"

namespace rexian::live {

// Registers, under route_prefix (default /live), every route authenticated
// by a desk key (401 without one, 403 with an unknown one):
//   POST {p}/sessions                                  start a session (201)
//   GET  {p}/sessions/{id}                             its counts and questions
//   POST {p}/sessions/{id}/end                         end it
//   POST {p}/sessions/{id}/comments                    a comment taken by the desk (phone-in)
//   POST {p}/sessions/{id}/questions/{qid}/answered    answered on air
//   POST {p}/sessions/{id}/questions/{qid}/dispatch    dispatched to a department
// Only during create() or start(). A failure names the route.
Expected<Done> RegisterLiveRoutes(LivePlugin* plugin);

}  // namespace rexian::live
