// The resources of Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2)
// as plain values, before they are rendered as XML or JSON.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace rexian::web {

// One service type (GET services): here, one taxonomy sub-category.
struct Service {
  std::string service_code;  // the sub-category code, "0101"
  std::string service_name;
  std::string description;
  bool metadata = false;          // true: GET services/{code} lists attributes to fill in
  std::string type = "realtime";  // realtime | batch | blackbox
  std::vector<std::string> keywords;  // rendered comma-separated
  std::string group;                  // the domain's name
};

// One choice of a singlevaluelist / multivaluelist attribute.
struct AttributeValue {
  std::string key;
  std::string name;
};

// One extra form field of a service (GET services/{code}).
struct ServiceAttribute {
  bool variable = true;
  std::string code;
  std::string datatype;  // string | number | datetime | text | singlevaluelist | multivaluelist
  bool required = false;
  std::string datatype_description;
  int order = 1;
  std::string description;
  std::vector<AttributeValue> values;
};

struct ServiceDefinition {
  std::string service_code;
  std::vector<ServiceAttribute> attributes;
};

// One service request (GET requests, GET requests/{id}). Only the members
// rexian's public ticket view can fill are here; std::nullopt renders as
// JSON null / an empty XML element (known to have no value yet). The spec's
// description, service_notice, address, address_id, zipcode, lat, long and
// media_url are not rendered at all: they are the citizen's personal data,
// which the public view does not carry (docs/plugins/web.md).
struct ServiceRequest {
  std::string service_request_id;  // the ticket number
  std::string status;              // open | closed
  std::optional<std::string> status_notes;        // the department's reply
  std::optional<std::string> service_name;        // the sub-category's name
  std::optional<std::string> service_code;        // the sub-category's code
  std::optional<std::string> agency_responsible;  // the lead department's name
  std::string requested_datetime;                 // when the ticket was opened
  std::string updated_datetime;
  std::optional<std::string> expected_datetime;   // the deadline in force
};

// The answer to POST requests.
struct PostedRequest {
  std::string service_request_id;
  std::optional<std::string> account_id;  // echoed when the client sent one
};

// The answer to GET tokens/{token}.
struct TokenAnswer {
  std::string service_request_id;
  std::string token;
};

// One entry of an error answer. `code` usually equals the HTTP status.
struct Open311Error {
  int code = 400;
  std::string description;
};

// The discovery document (http://wiki.open311.org/Service_Discovery).
struct DiscoveryEndpoint {
  std::string specification = "http://wiki.open311.org/GeoReport_v2";
  std::string url;
  std::string changeset;
  std::string type = "production";  // production | test
  std::vector<std::string> formats = {"text/xml", "application/json"};
};

struct Discovery {
  std::string changeset;
  std::string contact;
  std::string key_service;
  std::vector<DiscoveryEndpoint> endpoints;
};

}  // namespace rexian::web
