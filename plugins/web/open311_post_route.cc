// Open311 POST requests: limits, api_key, arguments, submit, answer.
#include "web/contact_errors.h"
#include "web/form_contact.h"
#include "web/open311_call.h"
#include "web/open311_post.h"
#include "web/submit_call.h"
#include "web/web_plugin.h"

namespace rexian::web {
namespace {

// The outcome of a submit as the answer to POST requests.
void AnswerSubmit(const Open311Call& call, const SubmitAnswer& answer,
                  const std::optional<std::string>& account_id) {
  switch (answer.status) {
    case REXIAN_OK:
      call.Answer(answer.duplicate ? 200 : 201, PostedDocument({answer.ticket_number, account_id}));
      return;
    case REXIAN_INVALID: {
      HostError error = ParseHostError(answer.error_json);
      std::vector<Open311Error> errors;
      for (const FieldProblem& f : error.fields) {
        errors.push_back({400, Open311FieldOf(f.field) + ": " + f.message});
      }
      if (errors.empty()) errors.push_back({400, error.error.empty() ? "the request is not valid" : error.error});
      call.Fail(400, std::move(errors));
      return;
    }
    case REXIAN_UNAVAILABLE:
      call.Fail(503, {{503, "the request could not be recorded now; retry (with the same "
                            "Idempotency-Key)"}},
                1);
      return;
    default:
      call.Fail(500, "internal error: " + ParseHostError(answer.error_json).error);
  }
}

}  // namespace

void ServePost(const Open311Call& call) {
  WebPlugin& plugin = *call.plugin;
  const WebOptions& o = plugin.options();
  const rexian_http_request& request = *call.request;
  if (request.body_len > static_cast<std::size_t>(o.body_limit_bytes)) {
    plugin.Count("too_large", "Requests refused for a body over body_limit_bytes");
    call.Fail(413, "the body is larger than " + std::to_string(o.body_limit_bytes) + " bytes");
    return;
  }
  if (!IsFormContentType(HeaderOf(request, "Content-Type"))) {
    call.Fail(400, "Content-Type must be application/x-www-form-urlencoded; charset=utf-8");
    return;
  }
  auto body = DecodeForm(std::string_view(request.body, request.body_len));
  if (!body.ok()) {
    call.Fail(400, body.error());
    return;
  }
  // Arguments may come in the body or, as some clients send api_key, in the query.
  std::vector<FormField> all = call.query.fields();
  all.insert(all.end(), body->begin(), body->end());
  const FormFields fields(std::move(all));

  const std::optional<std::string> key = fields.Get("api_key");
  const ApiClient* client = plugin.keys().Find(key.value_or(""));
  if (auto decision = plugin.Admit(request, client); !decision.allowed) {
    plugin.Count("rate_limited", "Requests refused by a rate limit");
    call.Fail(429, {{429, "too many requests from this client; retry after " +
                              std::to_string(decision.retry_after.count()) + " s"}},
              static_cast<int>(decision.retry_after.count()));
    return;
  }
  if (client == nullptr) {
    call.Fail(403, key ? "Invalid api_key received -- can't proceed with create_request."
                       : "api_key was not provided -- can't proceed with create_request.");
    return;
  }
  if (auto given = fields.Get("jurisdiction_id"); given && !o.jurisdiction_id.empty() &&
                                                  *given != o.jurisdiction_id) {
    call.Fail(404, "jurisdiction_id " + *given + " was not found");
    return;
  }
  std::string idempotency_key(HeaderOf(request, "Idempotency-Key"));
  if (idempotency_key.empty()) idempotency_key = fields.Get("idempotency_key").value_or("");
  if (!idempotency_key.empty() && !IsRequestKey(idempotency_key)) {
    call.Fail(400, "Idempotency-Key must be 1 to 100 characters from 0-9, A-Z, a-z, '_', '.', '-'");
    return;
  }
  Open311PostContext context{o.channel, client->client, idempotency_key,
                             FormatUtc(WebPlugin::Now()), &plugin.catalogue()};
  Open311Post post = ReadOpen311Post(fields, context);
  if (post.http_status != 0) {
    call.Fail(post.http_status, std::move(post.errors));
    return;
  }
  // The answer comes later, when the request itself is gone: keep only what
  // answering needs.
  Open311Call later{nullptr, call.gate, nullptr, call.exchange, call.format, {}};
  SubmitContact(plugin.host(), call.gate, post.contact_json,
                [call = later, account_id = post.account_id](const SubmitAnswer& answer) {
                  AnswerSubmit(call, answer, account_id);
                });
}

}  // namespace rexian::web
