// Host error JSON and field-name mapping tables.
#include "web/contact_errors.h"

#include <boost/json.hpp>
#include <utility>

namespace rexian::web {
namespace {

namespace json = boost::json;

std::string StringMember(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The first entry whose pointer prefix matches `pointer` (exactly, or
// followed by '/'), or `pointer` itself.
std::string MapPointer(std::string_view pointer,
                       std::initializer_list<std::pair<std::string_view, std::string_view>> table) {
  for (const auto& [prefix, name] : table) {
    if (pointer == prefix || (pointer.starts_with(prefix) && pointer[prefix.size()] == '/')) {
      return std::string(name);
    }
  }
  return std::string(pointer);
}

}  // namespace

HostError ParseHostError(std::string_view error_json) {
  HostError out;
  boost::system::error_code ec;
  json::value v = json::parse(error_json, ec);
  if (ec || !v.is_object()) {
    out.error = std::string(error_json);
    return out;
  }
  const json::object& o = v.as_object();
  out.error = StringMember(o, "error");
  out.quarantine_id = StringMember(o, "quarantine_id");
  if (const json::value* fields = o.if_contains("fields"); fields != nullptr && fields->is_array()) {
    for (const json::value& f : fields->as_array()) {
      if (!f.is_object()) continue;
      out.fields.push_back({StringMember(f.as_object(), "field"), StringMember(f.as_object(), "message")});
    }
  }
  return out;
}

std::string FormFieldOf(std::string_view pointer) {
  return MapPointer(pointer, {{"/citizen/name", "name"},
                              {"/citizen/phone", "phone"},
                              {"/citizen/email", "email"},
                              {"/subject", "subject"},
                              {"/text", "text"},
                              {"/location/address", "location.address"},
                              {"/location/lat", "location.lat"},
                              {"/location/lon", "location.lon"},
                              {"/location/district_code", "location.district_code"},
                              {"/location", "location"},
                              {"/classification", "category"},
                              {"/channel_message_id", "client_request_id"}});
}

std::string Open311FieldOf(std::string_view pointer) {
  return MapPointer(pointer, {{"/citizen/name", "first_name, last_name"},
                              {"/citizen/phone", "phone"},
                              {"/citizen/email", "email"},
                              {"/text", "description"},
                              {"/subject", "service_code"},
                              {"/location/address", "address_string"},
                              {"/location/lat", "lat"},
                              {"/location/lon", "long"},
                              {"/attachments", "media_url"},
                              {"/classification", "service_code"},
                              {"/channel_message_id", "Idempotency-Key"}});
}

}  // namespace rexian::web
