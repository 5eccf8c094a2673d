// The arguments of an Open311 POST requests, turned into a contact.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "web/form_decoding.h"
#include "web/open311_model.h"
#include "web/service_catalogue.h"

namespace rexian::web {

// Who submits and when.
struct Open311PostContext {
  std::string channel;
  std::string client;           // the API client's name (api_key checked before)
  std::string idempotency_key;  // "" when the client sent none; else IsRequestKey()
  std::string received_at;      // RFC 3339
  const ServiceCatalogue* catalogue = nullptr;
};

// A contact ready to submit, or the errors to answer with.
struct Open311Post {
  int http_status = 0;              // 0: `contact_json` is set; else 400 or 404
  std::vector<Open311Error> errors;
  std::string contact_json;
  std::string channel_message_id;   // "<client>:<key>", or a fresh UUID
  std::optional<std::string> account_id;
};

// Reads the arguments of GeoReport v2 "POST Service Request":
//  - service_code: required (400 when absent, 404 when unknown);
//  - a location: lat and long (both, WGS-84 degrees), or address_string, or
//    address_id (400 when none, or only one of lat/long, or out of range);
//  - description (at most 4,000 characters, 400 above); when absent the
//    service's name is the contact's text, since a contact needs one;
//  - first_name / last_name / email / phone: the citizen (a name is family
//    name first without a space when either part is not ASCII, e.g. 张三,
//    else "first last"); the citizen's id within the channel is
//    "<client>:account:<account_id>", else "email:", "phone:",
//    "<client>:device:<device_id>", else "anonymous:<channel_message_id>";
//  - media_url: an attachment (kind image for a common image extension, else link);
//  - attribute[code]=v and attribute[code][]=v, device_id, account_id,
//    address_id, jurisdiction_id: kept in the contact's `extra.open311`.
// Every problem found is reported, not only the first.
Open311Post ReadOpen311Post(const FormFields& fields, const Open311PostContext& context);

// "张三" for (三, 张); "John Smith" for (John, Smith); one part alone as is.
std::string CitizenName(const std::optional<std::string>& first_name,
                        const std::optional<std::string>& last_name);

}  // namespace rexian::web
