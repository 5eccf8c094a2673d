// The form endpoint's handler: limits, key, body, submit, answer.
#include "web/form_route.h"

#include <boost/json.hpp>

#include "web/form_contact.h"
#include "web/problem_answer.h"
#include "web/submit_call.h"
#include "web/web_plugin.h"

namespace rexian::web {
namespace {

namespace json = boost::json;

json::array FieldsJson(const std::vector<FieldProblem>& problems) {
  json::array fields;
  for (const FieldProblem& p : problems) {
    fields.push_back(json::object{{"field", p.field}, {"message", p.message}});
  }
  return fields;
}

HttpAnswer SubmitOutcome(const SubmitAnswer& answer, const std::string& client_request_id) {
  switch (answer.status) {
    case REXIAN_OK:
      return JsonAnswer(answer.duplicate ? 200 : 201,
                        json::object{{"ticket_number", answer.ticket_number},
                                     {"ticket_id", answer.ticket_id},
                                     {"client_request_id", client_request_id},
                                     {"duplicate", answer.duplicate},
                                     {"attached", answer.attached}});
    case REXIAN_INVALID: {
      HostError error = ParseHostError(answer.error_json);
      std::vector<FieldProblem> fields;
      for (const FieldProblem& f : error.fields) fields.push_back({FormFieldOf(f.field), f.message});
      json::object extra{{"fields", FieldsJson(fields)}};
      if (!error.quarantine_id.empty()) extra["quarantine_id"] = error.quarantine_id;
      return ProblemAnswer(422, "unprocessable", "Unprocessable Content",
                           error.error.empty() ? "the request is not valid" : error.error, extra);
    }
    case REXIAN_UNAVAILABLE: {
      HttpAnswer a = ProblemAnswer(503, "unavailable", "Service Unavailable",
                                   "the request could not be recorded now; retry with the same "
                                   "client_request_id");
      a.headers.emplace_back("Retry-After", "1");
      return a;
    }
    default:
      return ProblemAnswer(500, "internal", "Internal Server Error", ParseHostError(answer.error_json).error);
  }
}

void ServeForm(WebPlugin* plugin, const rexian_http_request* request, rexian_http_exchange* exchange) {
  ResponseGate& gate = plugin->gate();
  const WebOptions& options = plugin->options();
  plugin->Count("form_requests", "Requests to the JSON form endpoint");
  if (request->body_len > static_cast<std::size_t>(options.body_limit_bytes)) {
    plugin->Count("too_large", "Requests refused for a body over body_limit_bytes");
    gate.Respond(exchange, ProblemAnswer(413, "payload_too_large", "Content Too Large",
                                         "the body is larger than " +
                                             std::to_string(options.body_limit_bytes) + " bytes"));
    return;
  }
  std::string_view key = HeaderOf(*request, "X-Api-Key");
  const ApiClient* client = plugin->keys().Find(key);
  if (auto decision = plugin->Admit(*request, client); !decision.allowed) {
    plugin->Count("rate_limited", "Requests refused by a rate limit");
    HttpAnswer a = ProblemAnswer(429, "rate_limited", "Too Many Requests",
                                 "too many requests from this client; retry after " +
                                     std::to_string(decision.retry_after.count()) + " s");
    a.headers.emplace_back("Retry-After", std::to_string(decision.retry_after.count()));
    gate.Respond(exchange, a);
    return;
  }
  if (!key.empty() && client == nullptr) {
    gate.Respond(exchange, ProblemAnswer(403, "forbidden", "Forbidden", "X-Api-Key: not a valid key"));
    return;
  }
  if (client == nullptr && options.form_requires_api_key) {
    gate.Respond(exchange, ProblemAnswer(403, "forbidden", "Forbidden",
                                         "X-Api-Key: a client application's key is required"));
    return;
  }
  FormContext context{options.channel, client != nullptr ? client->client : "",
                      FormatUtc(WebPlugin::Now()), &plugin->catalogue()};
  FormContact form = ReadFormContact(std::string_view(request->body, request->body_len), context);
  if (form.malformed) {
    gate.Respond(exchange, ProblemAnswer(400, "invalid_request", "Bad Request", form.malformed_reason));
    return;
  }
  if (!form.problems.empty()) {
    std::string detail = form.problems.front().field + ": " + form.problems.front().message;
    gate.Respond(exchange, ProblemAnswer(422, "unprocessable", "Unprocessable Content", detail,
                                         json::object{{"fields", FieldsJson(form.problems)}}));
    return;
  }
  SubmitContact(plugin->host(), plugin->shared_gate(), form.contact_json,
                [gate = plugin->shared_gate(), exchange, id = form.client_request_id](const SubmitAnswer& answer) {
                  gate->Respond(exchange, SubmitOutcome(answer, id));
                });
}

// The C handler: nothing may unwind into the host.
void HandleForm(void* user_data, const rexian_http_request* request, rexian_http_exchange* exchange) {
  auto* plugin = static_cast<WebPlugin*>(user_data);
  try {
    ServeForm(plugin, request, exchange);
  } catch (const std::exception& e) {
    plugin->gate().Respond(exchange, ProblemAnswer(500, "internal", "Internal Server Error", e.what()));
  }
}

}  // namespace

Expected<Done> RegisterFormRoute(WebPlugin* plugin) {
  const std::string& path = plugin->options().form_path;
  if (plugin->api()->register_route(plugin->host(), "POST", path.c_str(), &HandleForm, plugin) !=
      REXIAN_OK) {
    return Failure{"form_path: the host refused the route POST " + path};
  }
  return Done{};
}

}  // namespace rexian::web
