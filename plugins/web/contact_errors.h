// The host's answer to an invalid contact, and the names its fields have on
// the form endpoint and in Open311.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rexian::web {

struct FieldProblem {
  std::string field;    // a JSON Pointer into the contact ("/citizen/phone"), or a form name
  std::string message;
};

// rexian_submit_result.error_json: {"error", "fields": [{"field", "message"}],
// "quarantine_id"}.
struct HostError {
  std::string error;
  std::vector<FieldProblem> fields;
  std::string quarantine_id;
};

// Reads error_json; an unreadable text becomes {error: the text}.
HostError ParseHostError(std::string_view error_json);

// The JSON form's name of a contact pointer: /text -> "text",
// /location/lat -> "location.lat", /classification/... -> "category",
// /channel_message_id -> "client_request_id"; other pointers unchanged.
std::string FormFieldOf(std::string_view pointer);

// The Open311 argument of a contact pointer: /text -> "description",
// /location/lon -> "long", /citizen/name -> "first_name, last_name",
// /attachments/... -> "media_url", /classification/... -> "service_code";
// other pointers unchanged.
std::string Open311FieldOf(std::string_view pointer);

}  // namespace rexian::web
