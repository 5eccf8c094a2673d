// Open311 GeoReport v2 under <open311_prefix>:
//   GET  discovery.{json,xml}         GET  services.{json,xml}
//   GET  services/{code}.{json,xml}   POST requests.{json,xml}
//   GET  requests.{json,xml}          GET  requests/{id}.{json,xml}
//   GET  tokens/{token}.{json,xml}
// Errors are the spec's list of {code, description} with 400 / 403 / 404,
// plus 413 (body too large), 429 (rate limit) and 503 (retry later).
#pragma once

#include "web/expected.h"

namespace rexian::web {

class WebPlugin;

// Registers the routes. REQUIRES: called from create().
Expected<Done> RegisterOpen311Routes(WebPlugin* plugin);

}  // namespace rexian::web
