// Open311 route registration and dispatch by resource name and format.
#include "web/open311_routes.h"

#include "web/open311_call.h"
#include "web/open311_json.h"
#include "web/open311_resource.h"
#include "web/open311_xml.h"
#include "web/web_plugin.h"

namespace rexian::web {
namespace {

std::string ParamOf(const rexian_http_request& request, std::string_view name) {
  for (std::size_t i = 0; i < request.param_count; ++i) {
    if (name == request.param_names[i]) return request.param_values[i];
  }
  return {};
}

// Reads the format and the query string, checks jurisdiction_id and, for a
// GET, the rate limit. False when the call was answered already.
bool Prepare(WebPlugin* plugin, const rexian_http_request* request, const Resource& resource,
             Open311Call* call) {
  call->format = resource.format.value_or(Format::kXml);
  if (!resource.format) {
    call->Fail(400, "the resource must end in .json or .xml (e.g. services.json)");
    return false;
  }
  auto query = DecodeForm(request->query != nullptr ? request->query : "");
  if (!query.ok()) {
    call->Fail(400, "query string: " + query.error());
    return false;
  }
  call->query = FormFields(std::move(*query));
  if (std::string_view(request->method) != "POST") {
    const ApiClient* client = plugin->keys().Find(call->query.Get("api_key").value_or(""));
    if (auto decision = plugin->Admit(*request, client); !decision.allowed) {
      plugin->Count("rate_limited", "Requests refused by a rate limit");
      call->Fail(429, {{429, "too many requests from this client; retry after " +
                                 std::to_string(decision.retry_after.count()) + " s"}},
                 static_cast<int>(decision.retry_after.count()));
      return false;
    }
  }
  const std::string& jurisdiction = plugin->options().jurisdiction_id;
  auto given = call->query.Get("jurisdiction_id");
  if (!jurisdiction.empty() && given && *given != jurisdiction) {
    call->Fail(404, "jurisdiction_id " + *given + " was not found");
    return false;
  }
  return true;
}

void Dispatch(WebPlugin* plugin, const rexian_http_request* request, rexian_http_exchange* exchange,
              const std::string& collection) {
  plugin->Count("open311_requests", "Requests to the Open311 endpoints");
  Open311Call call{plugin, plugin->shared_gate(), request, exchange, Format::kXml, {}};
  const Resource resource = ParseResource(ParamOf(*request, "resource"));
  if (!Prepare(plugin, request, resource, &call)) return;
  const bool post = std::string_view(request->method) == "POST";
  if (collection.empty() && resource.name == "requests") {
    post ? ServePost(call) : ServeRequests(call);
  } else if (post) {
    call.Fail(404, "POST is accepted only on requests." +
                       std::string(call.format == Format::kJson ? "json" : "xml"));
  } else if (collection.empty() && resource.name == "discovery") {
    ServeDiscovery(call);
  } else if (collection.empty() && resource.name == "services") {
    ServeServices(call);
  } else if (collection == "services") {
    ServeServiceDefinition(call, resource.name);
  } else if (collection == "requests") {
    ServeRequest(call, resource.name);
  } else if (collection == "tokens") {
    ServeToken(call, resource.name);
  } else {
    std::string path = collection.empty() ? resource.name : collection + "/" + resource.name;
    call.Fail(404, "no Open311 resource '" + path + "'");
  }
}

template <bool kNested>
void Handle(void* user_data, const rexian_http_request* request, rexian_http_exchange* exchange) {
  auto* plugin = static_cast<WebPlugin*>(user_data);
  try {
    Dispatch(plugin, request, exchange, kNested ? ParamOf(*request, "collection") : std::string());
  } catch (const std::exception& e) {
    Open311Call call{plugin, plugin->shared_gate(), request, exchange, Format::kXml, {}};
    call.Fail(500, std::string("internal error: ") + e.what());
  }
}

}  // namespace

void Open311Call::Answer(int status, const Open311Node& document) const {
  HttpAnswer answer;
  answer.status = status;
  answer.content_type = ContentTypeOf(format);
  answer.body = format == Format::kJson ? RenderJson(document) : RenderXml(document);
  gate->Respond(exchange, answer);
}

void Open311Call::Fail(int status, std::vector<Open311Error> errors, int retry_after) const {
  HttpAnswer answer;
  answer.status = status;
  answer.content_type = ContentTypeOf(format);
  Open311Node document = ErrorsDocument(errors);
  answer.body = format == Format::kJson ? RenderJson(document) : RenderXml(document);
  if (retry_after > 0) answer.headers.emplace_back("Retry-After", std::to_string(retry_after));
  gate->Respond(exchange, answer);
}

void Open311Call::Fail(int status, std::string description) const {
  Fail(status, {{status, std::move(description)}});
}

Expected<Done> RegisterOpen311Routes(WebPlugin* plugin) {
  const std::string& prefix = plugin->options().open311_prefix;
  const std::string top = prefix + "/{resource}";
  const std::string nested = prefix + "/{collection}/{resource}";
  struct Route {
    const char* method;
    const std::string* pattern;
    rexian_http_handler handler;
  };
  for (const Route& r : {Route{"GET", &top, &Handle<false>}, Route{"POST", &top, &Handle<false>},
                         Route{"GET", &nested, &Handle<true>}}) {
    if (plugin->api()->register_route(plugin->host(), r.method, r.pattern->c_str(), r.handler,
                                      plugin) != REXIAN_OK) {
      return Failure{"open311_prefix: the host refused the route " + std::string(r.method) + " " +
                     *r.pattern};
    }
  }
  return Done{};
}

}  // namespace rexian::web
