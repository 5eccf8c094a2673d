// Open311 GET handlers: discovery, services, service definitions, requests,
// one request, tokens. Host reads are local view lookups (no network, no
// waiting on submits), so they are done on the I/O thread.
#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "web/open311_call.h"
#include "web/open311_query.h"
#include "web/ticket_request.h"
#include "web/web_plugin.h"

namespace rexian::web {
namespace {

namespace json = boost::json;

struct HostText {
  rexian_status status = REXIAN_INTERNAL;
  std::string text;
};

void CollectJson(void* user_data, const char* text, size_t len) {
  static_cast<std::string*>(user_data)->assign(text, len);
}

json::value ParseOrNull(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value(nullptr) : v;
}

bool Visible(const WebPlugin& plugin, const json::object& ticket) {
  if (plugin.options().list_all_channels) return true;
  const json::value* channel = ticket.if_contains("channel");
  return channel != nullptr && channel->is_string() && channel->as_string() == plugin.options().channel;
}

// The ticket `id`, when it exists and this instance may show it.
std::optional<json::object> VisibleTicket(WebPlugin& plugin, const std::string& id) {
  std::string text;
  if (plugin.api()->get_ticket(plugin.host(), id.c_str(), &CollectJson, &text) != REXIAN_OK) {
    return std::nullopt;
  }
  json::value v = ParseOrNull(text);
  if (!v.is_object() || !Visible(plugin, v.as_object())) return std::nullopt;
  return std::move(v.as_object());
}

struct Dated {
  Seconds opened;
  ServiceRequest request;
};

// Adds the request of `ticket` to `out`; a document the mapping refuses is
// logged and skipped rather than failing the whole list.
void AddRequest(const WebPlugin& plugin, const json::object& ticket, std::vector<Dated>* out) {
  auto request = RequestFromTicket(ticket, plugin.catalogue());
  if (!request.ok()) {
    plugin.Log(REXIAN_LOG_WARN, "skipping a ticket in an Open311 answer: " + request.error());
    return;
  }
  Seconds opened = ParseW3Time(request->requested_datetime).value_or(Seconds{});
  out->push_back({opened, std::move(*request)});
}

}  // namespace

void ServeDiscovery(const Open311Call& call) {
  const WebOptions& o = call.plugin->options();
  DiscoveryEndpoint endpoint;
  endpoint.url = o.public_url;
  if (endpoint.url.empty()) {
    std::string_view host = HeaderOf(*call.request, "Host");
    endpoint.url = host.empty() ? o.open311_prefix : "http://" + std::string(host) + o.open311_prefix;
  }
  endpoint.changeset = FormatChangeset(call.plugin->created_at());
  endpoint.type = o.endpoint_type;
  Discovery discovery;
  discovery.changeset = endpoint.changeset;
  discovery.contact = o.discovery_contact;
  discovery.key_service = o.discovery_key_service;
  discovery.endpoints.push_back(std::move(endpoint));
  call.Answer(200, DiscoveryDocument(discovery));
}

void ServeServices(const Open311Call& call) {
  call.Answer(200, ServicesDocument(call.plugin->catalogue().services()));
}

void ServeServiceDefinition(const Open311Call& call, const std::string& code) {
  if (call.plugin->catalogue().Find(code) == nullptr) {
    call.Fail(404, "service_code " + code + " was not found");
    return;
  }
  // No service defines attributes (metadata false): the definition lists none.
  call.Answer(200, ServiceDefinitionDocument(ServiceDefinition{code, {}}));
}

void ServeRequests(const Open311Call& call) {
  WebPlugin& plugin = *call.plugin;
  const WebOptions& o = plugin.options();
  RequestsQueryOutcome read = ReadRequestsQuery(call.query, WebPlugin::Now(), plugin.catalogue(),
                                                static_cast<int>(o.requests_limit));
  if (read.http_status != 0) {
    call.Fail(read.http_status, std::move(read.errors));
    return;
  }
  std::vector<Dated> found;
  if (!read.query.ids.empty()) {
    std::set<std::string> seen;
    for (const std::string& id : read.query.ids) {
      if (!seen.insert(id).second) continue;
      if (auto ticket = VisibleTicket(plugin, id)) AddRequest(plugin, *ticket, &found);
    }
  } else {
    const std::string channel = o.list_all_channels ? std::string() : o.channel;
    for (const std::string& q : ListTicketsQueries(read.query, channel)) {
      std::string text;
      rexian_status status = plugin.api()->list_tickets(plugin.host(), q.c_str(), &CollectJson, &text);
      if (status != REXIAN_OK) {
        json::value error = ParseOrNull(text);
        std::string reason = error.is_object() && error.as_object().contains("error") &&
                                     error.as_object().at("error").is_string()
                                 ? std::string(error.as_object().at("error").as_string())
                                 : "the ticket list is unavailable";
        call.Fail(status == REXIAN_INVALID ? 400 : 503, reason);
        return;
      }
      json::value list = ParseOrNull(text);
      const json::value* items = list.is_object() ? list.as_object().if_contains("items") : nullptr;
      if (items == nullptr || !items->is_array()) continue;
      for (const json::value& item : items->as_array()) {
        if (item.is_object() && Visible(plugin, item.as_object())) {
          AddRequest(plugin, item.as_object(), &found);
        }
      }
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const Dated& a, const Dated& b) { return a.opened > b.opened; });
    if (found.size() > static_cast<std::size_t>(read.query.limit)) found.resize(read.query.limit);
  }
  std::vector<ServiceRequest> requests;
  for (Dated& d : found) requests.push_back(std::move(d.request));
  call.Answer(200, RequestsDocument(requests));
}

void ServeRequest(const Open311Call& call, const std::string& id) {
  WebPlugin& plugin = *call.plugin;
  auto ticket = VisibleTicket(plugin, id);
  if (!ticket) {
    call.Fail(404, "service_request_id " + id + " was not found");
    return;
  }
  auto request = RequestFromTicket(*ticket, plugin.catalogue());
  if (!request.ok()) {
    call.Fail(500, "service_request_id " + id + " cannot be shown: " + request.error());
    return;
  }
  call.Answer(200, RequestsDocument({*request}));
}

void ServeToken(const Open311Call& call, const std::string& token) {
  WebPlugin& plugin = *call.plugin;
  std::string text;
  const std::string& channel = plugin.options().channel;
  if (plugin.api()->find_contact(plugin.host(), channel.c_str(), token.c_str(), &CollectJson, &text) !=
      REXIAN_OK) {
    call.Fail(404, "token " + token + " was not found");
    return;
  }
  json::value found = ParseOrNull(text);
  const json::value* number = found.is_object() ? found.as_object().if_contains("ticket_number") : nullptr;
  if (number == nullptr || !number->is_string()) {
    call.Fail(500, "token " + token + ": the host's answer has no ticket_number");
    return;
  }
  call.Answer(200, TokenDocument({std::string(number->as_string()), token}));
}

}  // namespace rexian::web
