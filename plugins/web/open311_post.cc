// POST requests arguments -> contact.
#include "web/open311_post.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

#include "web/text_checks.h"
#include "web/uuid.h"

namespace rexian::web {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxDescription = 4000;  // characters, per the spec

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// A decimal coordinate within [-limit, limit].
std::optional<double> Coordinate(std::string_view text, double limit) {
  double d = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(d)) return std::nullopt;
  if (d < -limit || d > limit) return std::nullopt;
  return d;
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string MediaKind(const std::string& url) {
  std::string path = Lower(url.substr(0, url.find_first_of("?#")));
  for (const char* ext : {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic"}) {
    if (path.ends_with(ext)) return "image";
  }
  return "link";
}

// attribute[code] and attribute[code][] into {"code": "v"} / {"code": ["v", ...]}.
json::object Attributes(const FormFields& fields) {
  json::object out;
  for (const FormField& f : fields.fields()) {
    if (!f.name.starts_with("attribute[") || f.value.empty()) continue;
    std::size_t close = f.name.find(']');
    if (close == std::string::npos || close == 10) continue;
    std::string code = f.name.substr(10, close - 10);
    std::string_view rest = std::string_view(f.name).substr(close + 1);
    if (rest == "[]") {
      json::value& slot = out[code];
      if (!slot.is_array()) slot = json::array();
      slot.as_array().emplace_back(f.value);
    } else if (rest.empty()) {
      out[code] = f.value;
    }
  }
  return out;
}

}  // namespace

std::string CitizenName(const std::optional<std::string>& first_name,
                        const std::optional<std::string>& last_name) {
  if (first_name && last_name) {
    if (!IsAscii(*first_name) || !IsAscii(*last_name)) return *last_name + *first_name;
    return *first_name + " " + *last_name;
  }
  if (first_name) return *first_name;
  if (last_name) return *last_name;
  return {};
}

Open311Post ReadOpen311Post(const FormFields& fields, const Open311PostContext& context) {
  Open311Post out;
  auto fail = [&out](int status, std::string description) {
    // A 404 (unknown service) outranks 400s in the HTTP status.
    if (out.http_status != 404) out.http_status = status;
    out.errors.push_back({status, std::move(description)});
  };

  const Service* service = nullptr;
  auto service_code = fields.Get("service_code");
  if (!service_code) {
    fail(400, "service_code was not provided");
  } else if ((service = context.catalogue->Find(*service_code)) == nullptr) {
    fail(404, "service_code " + *service_code + " was not found");
  }

  auto lat_text = fields.Get("lat");
  auto long_text = fields.Get("long");
  auto address = fields.Get("address_string");
  auto address_id = fields.Get("address_id");
  std::optional<double> lat, lon;
  if (lat_text.has_value() != long_text.has_value()) {
    fail(400, "lat and long must both be sent");
  } else if (lat_text) {
    lat = Coordinate(*lat_text, 90);
    lon = Coordinate(*long_text, 180);
    if (!lat) fail(400, "lat must be a WGS-84 latitude in degrees, -90 to 90");
    if (!lon) fail(400, "long must be a WGS-84 longitude in degrees, -180 to 180");
  } else if (!address && !address_id) {
    fail(400, "a location is required: lat and long, address_string or address_id");
  }

  auto description = fields.Get("description");
  if (description && Utf8Length(*description) > kMaxDescription) {
    fail(400, "description is longer than 4,000 characters");
  }
  if (out.http_status != 0) return out;

  out.channel_message_id = context.idempotency_key.empty()
                               ? NewUuidV4()
                               : context.client + ":" + context.idempotency_key;
  out.account_id = fields.Get("account_id");
  auto email = fields.Get("email");
  auto phone = fields.Get("phone");
  auto device_id = fields.Get("device_id");

  json::object citizen;
  if (out.account_id) citizen["id"] = context.client + ":account:" + *out.account_id;
  else if (email) citizen["id"] = "email:" + *email;
  else if (phone) citizen["id"] = "phone:" + *phone;
  else if (device_id) citizen["id"] = context.client + ":device:" + *device_id;
  else citizen["id"] = "anonymous:" + out.channel_message_id;
  std::string name = CitizenName(fields.Get("first_name"), fields.Get("last_name"));
  if (!name.empty()) citizen["name"] = name;
  if (phone) citizen["phone"] = *phone;
  if (email) citizen["email"] = *email;

  json::object location;
  if (address) location["address"] = *address;
  if (lat) {
    location["lat"] = *lat;
    location["lon"] = *lon;
  }

  json::object extra{{"client", context.client}};
  if (device_id) extra["device_id"] = *device_id;
  if (out.account_id) extra["account_id"] = *out.account_id;
  if (address_id) extra["address_id"] = *address_id;
  if (auto jurisdiction = fields.Get("jurisdiction_id")) extra["jurisdiction_id"] = *jurisdiction;
  if (json::object attributes = Attributes(fields); !attributes.empty()) {
    extra["attributes"] = std::move(attributes);
  }

  json::object contact;
  contact["channel"] = context.channel;
  contact["channel_message_id"] = out.channel_message_id;
  contact["received_at"] = context.received_at;
  contact["citizen"] = std::move(citizen);
  contact["subject"] = service->service_name;
  contact["text"] = description ? *description : service->service_name;
  if (!location.empty()) contact["location"] = std::move(location);
  contact["classification"] = json::object{{"subcategory", service->service_code}};
  if (auto media = fields.Get("media_url")) {
    contact["attachments"] = json::array{json::object{{"kind", MediaKind(*media)}, {"ref", *media}}};
  }
  contact["extra"] = json::object{{"open311", std::move(extra)}};
  out.contact_json = json::serialize(contact);
  return out;
}

}  // namespace rexian::web
