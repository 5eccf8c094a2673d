// Builders of the Open311 documents, member order as in the specification's
// examples.
#include "web/open311_document.h"

namespace rexian::web {
namespace {

using Kind = Open311Node::Kind;

Open311Node Text(std::string name, std::string text) {
  return {std::move(name), Kind::kText, std::move(text), {}};
}
Open311Node OptText(std::string name, const std::optional<std::string>& text) {
  if (!text) return {std::move(name), Kind::kNull, {}, {}};
  return Text(std::move(name), *text);
}
Open311Node Number(std::string name, long long value) {
  return {std::move(name), Kind::kNumber, std::to_string(value), {}};
}
Open311Node Bool(std::string name, bool value) {
  return {std::move(name), Kind::kBool, value ? "true" : "false", {}};
}
Open311Node Object(std::string name, std::vector<Open311Node> children) {
  return {std::move(name), Kind::kObject, {}, std::move(children)};
}
Open311Node List(std::string name, std::vector<Open311Node> items) {
  return {std::move(name), Kind::kList, {}, std::move(items)};
}

std::string JoinKeywords(const std::vector<std::string>& keywords) {
  std::string out;
  for (const std::string& k : keywords) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

}  // namespace

const char* ContentTypeOf(Format format) {
  return format == Format::kJson ? "application/json; charset=utf-8" : "text/xml; charset=utf-8";
}

Open311Node ServicesDocument(const std::vector<Service>& services) {
  std::vector<Open311Node> items;
  for (const Service& s : services) {
    items.push_back(Object("service", {Text("service_code", s.service_code),
                                       Text("service_name", s.service_name),
                                       Text("description", s.description),
                                       Bool("metadata", s.metadata), Text("type", s.type),
                                       Text("keywords", JoinKeywords(s.keywords)),
                                       Text("group", s.group)}));
  }
  return List("services", std::move(items));
}

Open311Node ServiceDefinitionDocument(const ServiceDefinition& definition) {
  std::vector<Open311Node> attributes;
  for (const ServiceAttribute& a : definition.attributes) {
    std::vector<Open311Node> members = {
        Bool("variable", a.variable),
        Text("code", a.code),
        Text("datatype", a.datatype),
        Bool("required", a.required),
        OptText("datatype_description", a.datatype_description.empty()
                                            ? std::nullopt
                                            : std::optional<std::string>(a.datatype_description)),
        Number("order", a.order),
        Text("description", a.description)};
    if (a.datatype == "singlevaluelist" || a.datatype == "multivaluelist") {
      std::vector<Open311Node> values;
      for (const AttributeValue& v : a.values) {
        values.push_back(Object("value", {Text("key", v.key), Text("name", v.name)}));
      }
      members.push_back(List("values", std::move(values)));
    }
    attributes.push_back(Object("attribute", std::move(members)));
  }
  return Object("service_definition", {Text("service_code", definition.service_code),
                                       List("attributes", std::move(attributes))});
}

Open311Node RequestsDocument(const std::vector<ServiceRequest>& requests) {
  std::vector<Open311Node> items;
  for (const ServiceRequest& r : requests) {
    items.push_back(Object("request", {Text("service_request_id", r.service_request_id),
                                       Text("status", r.status),
                                       OptText("status_notes", r.status_notes),
                                       OptText("service_name", r.service_name),
                                       OptText("service_code", r.service_code),
                                       OptText("agency_responsible", r.agency_responsible),
                                       Text("requested_datetime", r.requested_datetime),
                                       Text("updated_datetime", r.updated_datetime),
                                       OptText("expected_datetime", r.expected_datetime)}));
  }
  return List("service_requests", std::move(items));
}

Open311Node PostedDocument(const PostedRequest& posted) {
  std::vector<Open311Node> members = {Text("service_request_id", posted.service_request_id)};
  if (posted.account_id) members.push_back(Text("account_id", *posted.account_id));
  return List("service_requests", {Object("request", std::move(members))});
}

Open311Node TokenDocument(const TokenAnswer& answer) {
  return List("service_requests",
              {Object("request", {Text("service_request_id", answer.service_request_id),
                                  Text("token", answer.token)})});
}

Open311Node ErrorsDocument(const std::vector<Open311Error>& errors) {
  std::vector<Open311Node> items;
  for (const Open311Error& e : errors) {
    items.push_back(Object("error", {Number("code", e.code), Text("description", e.description)}));
  }
  return List("errors", std::move(items));
}

Open311Node DiscoveryDocument(const Discovery& discovery) {
  std::vector<Open311Node> endpoints;
  for (const DiscoveryEndpoint& e : discovery.endpoints) {
    std::vector<Open311Node> formats;
    for (const std::string& f : e.formats) formats.push_back(Text("format", f));
    endpoints.push_back(Object("endpoint", {Text("specification", e.specification),
                                            Text("url", e.url), Text("changeset", e.changeset),
                                            Text("type", e.type),
                                            List("formats", std::move(formats))}));
  }
  return Object("discovery", {Text("changeset", discovery.changeset),
                              Text("contact", discovery.contact),
                              Text("key_service", discovery.key_service),
                              List("endpoints", std::move(endpoints))});
}

}  // namespace rexian::web
