// The JSON form of the city's web site, turned into a contact.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "web/contact_errors.h"
#include "web/service_catalogue.h"

namespace rexian::web {

// Who submits and when. `client` is the API client's name, or "" for an
// anonymous browser.
struct FormContext {
  std::string channel;
  std::string client;
  std::string received_at;  // RFC 3339
  const ServiceCatalogue* catalogue = nullptr;
};

// The outcome of reading a form body. `malformed`: the body is not a JSON
// object at all (400); otherwise `problems` non-empty means 422.
struct FormContact {
  bool malformed = false;
  std::string malformed_reason;
  std::vector<FieldProblem> problems;  // named by form field ("location.lat")
  std::string contact_json;            // when neither of the above
  std::string channel_message_id;
  std::string client_request_id;
};

// Reads {name?, phone?, email?, subject?, text, location?: {address?, lat?,
// lon?, district_code?}, category?, client_request_id}. Checks types, the
// required members, unknown members, the category (a sub-category code of
// the catalogue), lat/lon ranges and client_request_id
// ([0-9A-Za-z_.-]{1,100}); the host's schema checks the rest (phone pattern,
// e-mail format, lengths). The contact's channel_message_id is the
// client_request_id, prefixed by "<client>:" for an API client so clients
// cannot collide; the citizen's id within the channel is "phone:<phone>",
// else "email:<email>", else "anonymous:<channel_message_id>".
FormContact ReadFormContact(std::string_view body, const FormContext& context);

// True for an identifier of [0-9A-Za-z_.-]{1,100} (client_request_id,
// Idempotency-Key): no ':', so it cannot collide with a "<client>:" prefix.
bool IsRequestKey(std::string_view key);

}  // namespace rexian::web
