// Open311Node: one document tree rendered both as XML and as JSON, so the two
// formats cannot drift apart (the spec defines its JSON as the "Spark
// convention" mapping of its XML).
#pragma once

#include <string>
#include <vector>

#include "web/open311_model.h"

namespace rexian::web {

enum class Format { kJson, kXml };

// "application/json; charset=utf-8" or "text/xml; charset=utf-8".
const char* ContentTypeOf(Format format);

// An XML element and its JSON counterpart:
//   kObject: <name><child/>...</name>            / {"child": ...}
//   kList:   <name><item/><item/></name>         / [item, item] (item names dropped)
//   kText:   <name>text</name>                   / "text"
//   kNumber: <name>12</name>                     / 12   (text holds the number)
//   kBool:   <name>true</name>                   / true (text is "true"/"false")
//   kNull:   <name/>                             / null
struct Open311Node {
  enum class Kind { kObject, kList, kText, kNumber, kBool, kNull };
  std::string name;
  Kind kind = Kind::kNull;
  std::string text;
  std::vector<Open311Node> children;
};

// <services><service>...</service></services> / [{...}]
Open311Node ServicesDocument(const std::vector<Service>& services);
// <service_definition>...</service_definition> / {...}
Open311Node ServiceDefinitionDocument(const ServiceDefinition& definition);
// <service_requests><request>...</request></service_requests> / [{...}]
Open311Node RequestsDocument(const std::vector<ServiceRequest>& requests);
// The answer to POST requests: service_requests/request with the id.
Open311Node PostedDocument(const PostedRequest& posted);
// The answer to GET tokens/{token}.
Open311Node TokenDocument(const TokenAnswer& answer);
// <errors><error><code/><description/></error></errors> / [{...}]
Open311Node ErrorsDocument(const std::vector<Open311Error>& errors);
// <discovery>...</discovery> / {...}
Open311Node DiscoveryDocument(const Discovery& discovery);

}  // namespace rexian::web
