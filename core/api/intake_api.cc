// /v1/contacts and /v1/quarantine routes.
#include "api/intake_api.h"

#include <boost/json.hpp>

#include "api/auth.h"
#include "api/json_body.h"
#include "api/ticket_api.h"

namespace rexian::api {
namespace {

namespace json = boost::json;

json::array ErrorsJson(const std::vector<FieldError>& errors) {
  json::array out;
  for (const FieldError& e : errors) out.push_back(json::object{{"field", e.field}, {"message", e.message}});
  return out;
}

json::object EntryJson(const QuarantineEntry& e, bool with_raw) {
  json::object o{{"id", e.id},
                 {"position", e.position},
                 {"quarantined_at", e.quarantined_at},
                 {"source", e.source},
                 {"channel", e.channel},
                 {"channel_message_id", e.channel_message_id},
                 {"errors", ErrorsJson(e.errors)},
                 {"status", e.status}};
  if (!e.ticket_number.empty()) o["ticket_number"] = e.ticket_number;
  if (!e.reason.empty()) o["reason"] = e.reason;
  if (!e.released_by.empty()) o["released_by"] = e.released_by;
  if (with_raw) o["raw"] = e.raw;
  return o;
}

const User* Allow(const IntakeApiContext* ctx, const HttpRequest& req,
                  std::initializer_list<Role> roles, std::string_view action, HttpResponder& respond) {
  HttpResponse denied;
  const User* user = Authenticate(req, ctx->config->users, &denied);
  if (user == nullptr || !RequireRole(*user, roles, action, &denied)) {
    respond(std::move(denied));
    return nullptr;
  }
  return user;
}

void HandleSubmit(const IntakeApiContext* ctx, const HttpRequest& req, HttpResponder respond) {
  const User* user = Allow(ctx, req, {Role::kAgent, Role::kIntegrator}, "submit contacts", respond);
  if (user == nullptr) return;
  ctx->intake->Submit(ContactSource{"api:" + user->id, ""}, req.body,
                      [respond](SubmitOutcome outcome) { respond(SubmitResponse(outcome)); });
}

void HandleList(const IntakeApiContext* ctx, const HttpRequest& req, HttpResponder respond) {
  const User* user = Allow(ctx, req, {Role::kOperator, Role::kAgent, Role::kSupervisor},
                           "list the quarantine", respond);
  if (user == nullptr) return;
  const std::string status = req.query_param("status").value_or("pending");
  if (status != "pending" && status != "all") {
    respond(ProblemFor(Status::InvalidArgument("status: expected 'pending' or 'all'"), true));
    return;
  }
  auto entries = ctx->quarantine->List(status == "pending", PiiAccess::kRedacted);
  if (!entries.ok()) {
    respond(ProblemFor(entries.status()));
    return;
  }
  json::array items;
  for (const QuarantineEntry& e : *entries) items.push_back(EntryJson(e, false));
  respond(HttpResponse::Json(200, json::object{{"items", std::move(items)}}));
}

void HandleGet(const IntakeApiContext* ctx, const HttpRequest& req, HttpResponder respond) {
  const User* user = Allow(ctx, req, {Role::kOperator, Role::kAgent, Role::kSupervisor},
                           "read the quarantine", respond);
  if (user == nullptr) return;
  const PiiAccess access = user->personal_data ? PiiAccess::kPlaintext : PiiAccess::kRedacted;
  auto entry = ctx->quarantine->Get(req.path_params.at("id"), access);
  if (!entry.ok()) {
    respond(ProblemFor(entry.status()));
    return;
  }
  respond(HttpResponse::Json(200, EntryJson(*entry, true)));
}

void HandleReplay(const IntakeApiContext* ctx, const HttpRequest& req, HttpResponder respond) {
  const User* user = Allow(ctx, req, {Role::kAgent, Role::kSupervisor}, "replay quarantined contacts",
                           respond);
  if (user == nullptr) return;
  const std::string id = req.path_params.at("id");
  auto entry = ctx->quarantine->Get(id, PiiAccess::kPlaintext);
  if (!entry.ok()) {
    respond(ProblemFor(entry.status()));
    return;
  }
  if (entry->status != "pending") {
    respond(ProblemFor(Status::Conflict("quarantined contact '" + id + "' was already " + entry->status)));
    return;
  }
  std::string contact = entry->raw;
  bool corrected = false;
  if (!req.body.empty()) {
    JsonBody body(req.body);
    body.OnlyKeys({"contact"});
    const json::value* c = body.object().if_contains("contact");
    if (body.status().ok() && (c == nullptr || !c->is_object())) {
      body.Fail("contact", "the corrected contact, a JSON object");
    }
    if (!body.status().ok()) {
      respond(ProblemFor(body.status(), true));
      return;
    }
    contact = json::serialize(*c);
    corrected = true;
  }
  const ticket::Actor actor = ticket::UserActor(user->id, user->role, user->department_code);
  Quarantine* quarantine = ctx->quarantine;
  ctx->intake->Submit(
      ContactSource{entry->source, ""}, std::move(contact),
      [quarantine, id, corrected, actor, respond](SubmitOutcome outcome) {
        if (outcome.status.ok()) {
          // The ticket exists whatever happens next; a lost race only means
          // another operator released the entry first.
          quarantine->Release(id, "replayed", outcome.ticket_number, corrected, "", actor,
                              [outcome, respond](Status released) {
                                HttpResponse resp = SubmitResponse(outcome);
                                if (!released.ok()) {
                                  json::value body = json::parse(resp.body);
                                  body.as_object()["release_error"] = released.message();
                                  resp.body = json::serialize(body);
                                }
                                respond(std::move(resp));
                              });
        } else {
          respond(SubmitResponse(outcome));
        }
      },
      Intake::QuarantinePolicy::kReturn);
}

void HandleDiscard(const IntakeApiContext* ctx, const HttpRequest& req, HttpResponder respond) {
  const User* user = Allow(ctx, req, {Role::kSupervisor}, "discard quarantined contacts", respond);
  if (user == nullptr) return;
  JsonBody body(req.body);
  body.OnlyKeys({"reason"});
  const std::string reason = body.Str("reason");
  if (!body.status().ok()) {
    respond(ProblemFor(body.status(), true));
    return;
  }
  const ticket::Actor actor = ticket::UserActor(user->id, user->role, user->department_code);
  const std::string id = req.path_params.at("id");
  ctx->quarantine->Release(id, "discarded", "", false, reason.substr(0, 2000), actor,
                           [id, respond](Status s) {
                             respond(s.ok() ? HttpResponse::Json(200, json::object{{"id", id},
                                                                                  {"status", "discarded"}})
                                            : ProblemFor(s));
                           });
}

}  // namespace

HttpResponse SubmitResponse(const SubmitOutcome& outcome) {
  if (outcome.status.ok()) {
    json::object body{{"ticket_number", outcome.ticket_number},
                      {"ticket_id", outcome.ticket_id},
                      {"duplicate", outcome.duplicate},
                      {"attached", outcome.attached}};
    if (outcome.position > 0) body["position"] = outcome.position;
    const bool opened = !outcome.duplicate && !outcome.attached;
    HttpResponse resp = HttpResponse::Json(opened ? 201 : 200, body);
    resp.headers.emplace_back("Location", "/v1/tickets/" + outcome.ticket_id);
    return resp;
  }
  if (outcome.status.IsInvalidArgument()) {
    json::object extra{{"errors", ErrorsJson(outcome.errors)}};
    if (!outcome.quarantine_id.empty()) extra["quarantine_id"] = outcome.quarantine_id;
    return HttpResponse::Problem(422, "invalid_contact", "Unprocessable Content",
                                 outcome.status.message(), extra);
  }
  return ProblemFor(outcome.status);
}

void AddIntakeRoutes(HttpServer* server, const IntakeApiContext* ctx) {
  server->Route("POST", "/v1/contacts", [ctx](const HttpRequest& r, HttpResponder respond) {
    HandleSubmit(ctx, r, std::move(respond));
  });
  server->Route("GET", "/v1/quarantine", [ctx](const HttpRequest& r, HttpResponder respond) {
    HandleList(ctx, r, std::move(respond));
  });
  server->Route("GET", "/v1/quarantine/{id}", [ctx](const HttpRequest& r, HttpResponder respond) {
    HandleGet(ctx, r, std::move(respond));
  });
  server->Route("POST", "/v1/quarantine/{id}/replay", [ctx](const HttpRequest& r, HttpResponder respond) {
    HandleReplay(ctx, r, std::move(respond));
  });
  server->Route("POST", "/v1/quarantine/{id}/discard", [ctx](const HttpRequest& r, HttpResponder respond) {
    HandleDiscard(ctx, r, std::move(respond));
  });
}

}  // namespace rexian::api
