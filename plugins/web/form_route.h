// The JSON form endpoint for the city's web site: POST <form_path>.
//
//   request:  {"name"?, "phone"?, "email"?, "subject"?, "text",
//              "location"?: {"address"?, "lat"?, "lon"?, "district_code"?},
//              "category"?: "<sub-category code>", "client_request_id"}
//             optional header X-Api-Key: <key of a client application>
//   201 {"ticket_number", "ticket_id", "client_request_id", "duplicate": false, "attached"}
//   200 the same with "duplicate": true, for a retry with the same client_request_id
//   400 not a JSON object; 403 bad or (form_requires_api_key) missing key;
//   413 body over body_limit_bytes; 422 {"fields": [{"field", "message"}]};
//   429 with Retry-After; 503 with Retry-After when the log cannot take it now.
// Errors are application/problem+json.
#pragma once

#include "web/expected.h"

namespace rexian::web {

class WebPlugin;

// Registers the route. REQUIRES: called from create().
Expected<Done> RegisterFormRoute(WebPlugin* plugin);

}  // namespace rexian::web
