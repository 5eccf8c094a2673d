// Open311Call: one Open311 request being served, and the handlers of each
// resource (open311_read_routes.cc, open311_post_route.cc).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "rexian/plugin.h"
#include "web/form_decoding.h"
#include "web/exchange.h"
#include "web/open311_document.h"

namespace rexian::web {

class WebPlugin;

struct Open311Call {
  WebPlugin* plugin = nullptr;  // null in a copy kept for a later answer
  std::shared_ptr<ResponseGate> gate;
  const rexian_http_request* request = nullptr;
  rexian_http_exchange* exchange = nullptr;
  Format format = Format::kXml;
  FormFields query;  // the decoded query string

  // Answers `document` in the call's format.
  void Answer(int status, const Open311Node& document) const;
  // Answers an error list; `retry_after` > 0 adds a Retry-After header.
  void Fail(int status, std::vector<Open311Error> errors, int retry_after = 0) const;
  void Fail(int status, std::string description) const;
};

// GET discovery.{fmt}
void ServeDiscovery(const Open311Call& call);
// GET services.{fmt}
void ServeServices(const Open311Call& call);
// GET services/{code}.{fmt}
void ServeServiceDefinition(const Open311Call& call, const std::string& code);
// GET requests.{fmt}
void ServeRequests(const Open311Call& call);
// GET requests/{id}.{fmt}
void ServeRequest(const Open311Call& call, const std::string& id);
// GET tokens/{token}.{fmt}
void ServeToken(const Open311Call& call, const std::string& token);
// POST requests.{fmt}
void ServePost(const Open311Call& call);

}  // namespace rexian::web
