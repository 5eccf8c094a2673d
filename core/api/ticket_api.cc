// /v1/tickets routes.
#include "api/ticket_api.h"

#include <boost/json.hpp>
#include <charconv>

#include "api/auth.h"
#include "api/json_body.h"
#include "api/ticket_command_run.h"
#include "domain/ticket_time.h"
#include "intake/intake.h"
#include "rexian/digest.h"
#include "rexian/routing.h"
#include "store/record_json.h"

namespace rexian::api {
namespace {

namespace json = boost::json;
constexpr std::size_t kMaxIdempotencyKey = 100;
constexpr std::size_t kMaxPageSize = 500;

std::string TicketIdOf(std::string_view id_or_number) {
  if (id_or_number.rfind("ticket-", 0) == 0) return std::string(id_or_number);
  return "ticket-" + std::string(id_or_number);
}

HttpResponse Problem(int status, std::string_view type, std::string_view title,
                     const std::string& detail) {
  json::object extra;
  // Messages that start with a JSON pointer name the field to blame.
  if (!detail.empty() && detail[0] == '/') extra["field"] = detail.substr(0, detail.find(':'));
  return HttpResponse::Problem(status, type, title, detail, extra);
}

ticket::Actor ActorOf(const User& user) {
  return ticket::UserActor(user.id, user.role, user.department_code);
}

// Department users see only tickets dispatched to their department.
bool MaySee(const User& user, const TicketDocument& doc) {
  if (user.role != Role::kDepartment) return true;
  const auto& s = doc.state;
  return s.lead_department == user.department_code ||
         std::find(s.assisting_departments.begin(), s.assisting_departments.end(),
                   user.department_code) != s.assisting_departments.end();
}

// Parses If-Match: "3", W/"3" or 3.
std::optional<std::uint64_t> ParseIfMatch(std::string_view v) {
  if (v.rfind("W/", 0) == 0) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  std::uint64_t out = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size() || v.empty()) return std::nullopt;
  return out;
}

std::string ETag(std::uint64_t version) { return "\"" + std::to_string(version) + "\""; }

HttpResponse CommandResponse(int status, const TicketCommandResult& r) {
  json::array events;
  for (const auto& t : r.events) events.emplace_back(t);
  HttpResponse resp = HttpResponse::Json(
      status, json::object{{"id", r.id}, {"number", r.number}, {"version", r.version},
                           {"position", r.position}, {"events", std::move(events)},
                           {"duplicate", r.duplicate}});
  resp.headers.emplace_back("ETag", ETag(r.version));
  return resp;
}

// Waits (bounded) until the view has applied `min_position` when the caller
// asked to read its own write. False: 400 for a malformed value.
bool AwaitMinPosition(const HttpRequest& req, const TicketApiContext* ctx, HttpResponse* bad) {
  auto value = req.query_param("min_position");
  if (!value) return true;
  std::uint64_t position = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), position);
  if (ec != std::errc() || end != value->data() + value->size()) {
    *bad = Problem(400, "invalid_parameter", "Bad Request", "min_position: expected an integer");
    return false;
  }
  if (ctx->view_runner != nullptr) ctx->view_runner->WaitFor(position, std::chrono::seconds(2));
  return true;
}

// The response of a command whose outcome arrived.
HttpResponse CommandOutcome(const TicketApiContext* ctx, const std::string& id,
                            const Result<TicketCommandResult>& r, int ok_status) {
  if (r.ok()) return CommandResponse(ok_status, *r);
  HttpResponse resp = ProblemFor(r.status());
  if (r.status().IsConflict()) {
    auto version = ctx->service->log()->store()->StreamVersion(id);
    if (version.ok()) {
      json::object body = json::parse(resp.body).as_object();
      body["current_version"] = *version;
      resp.body = json::serialize(body);
      resp.headers.emplace_back("ETag", ETag(*version));
    }
  }
  return resp;
}

ticket::Open ParseOpen(JsonBody& b, const User& user, const Config& config, std::string* citizen) {
  b.OnlyKeys({"channel", "channel_message_id", "platform", "citizen", "subject", "text", "urgency",
              "location", "classification", "session_id"});
  ticket::Open open;
  open.channel = b.Str("channel");
  open.text = b.Str("text");
  open.subject = b.OptStr("subject");
  open.session_id = b.OptStr("session_id");
  if (auto u = b.OptStr("urgency")) {
    if (*u == "urgent") open.urgency = ticket::Urgency::kUrgent;
    else if (*u != "normal") b.Fail("urgency", "normal or urgent");
  }
  if (auto c = b.Object("citizen")) {
    c->OnlyKeys({"id", "name", "phone", "wechat_openid", "email"});
    *citizen = c->Str("id");
    ticket::CitizenContact contact;
    contact.channel_id = *citizen;
    contact.name = c->OptStr("name");
    contact.phone = c->OptStr("phone");
    contact.wechat_openid = c->OptStr("wechat_openid");
    contact.email = c->OptStr("email");
    open.citizen = contact;
    b.Adopt(*c);
  } else {
    b.Fail("citizen", "an object with at least an id (missing)");
  }
  std::string location_code;
  if (auto l = b.Object("location")) {
    l->OnlyKeys({"address", "lat", "lon", "district_code"});
    ticket::Location loc;
    loc.address = l->OptStr("address");
    loc.lat = l->OptNumber("lat");
    loc.lon = l->OptNumber("lon");
    loc.district_code = l->OptStr("district_code");
    location_code = loc.district_code.value_or("");
    open.location = loc;
    b.Adopt(*l);
  }
  if (auto c = b.Object("classification")) {
    c->OnlyKeys({"type", "domain", "subcategory"});
    open.classification = ticket::Classification{c->Str("type"), c->Str("domain"), c->OptStr("subcategory")};
    b.Adopt(*c);
  }
  if (auto p = b.OptStr("platform")) {
    open.platform_code = *p;
  } else if (!location_code.empty()) {
    open.platform_code = LocatePlatform(config.organisation, location_code).code;
  } else {
    open.platform_code = user.platform_code.empty() ? config.organisation.city().code : user.platform_code;
  }
  if (auto id = b.OptStr("channel_message_id")) {
    open.contact = ticket::ContactReference{*id, ticket::Time{}};
  }
  return open;
}

void HandleOpen(const TicketApiContext* ctx, const HttpRequest& req, HttpResponder respond) {
  HttpResponse denied;
  const User* user = Authenticate(req, ctx->config->users, &denied);
  if (user == nullptr || !RequireRole(*user, {Role::kAgent, Role::kIntegrator}, "open tickets", &denied)) {
    respond(denied);
    return;
  }
  JsonBody body(req.body);
  OpenTicketRequest request;
  request.open = ParseOpen(body, *user, *ctx->config, &request.citizen);
  if (!body.status().ok()) {
    respond(ProblemFor(body.status(), /*malformed=*/true));
    return;
  }
  const ticket::Time now = ctx->clock();
  if (request.open.contact) {
    request.open.contact->received_at = now;
    request.idempotency_key = ContactKey(request.open.channel, request.open.contact->channel_message_id);
  } else if (auto key = req.header("Idempotency-Key"); !key.empty()) {
    request.idempotency_key = "open-" + Sha256Hex(std::string(user->id) + "\n" + std::string(key));
  }
  ctx->service->Open(std::move(request), ActorOf(*user), now,
                     [ctx, respond](Result<TicketCommandResult> r) {
                       HttpResponse resp = CommandOutcome(ctx, r.ok() ? r->id : "", r,
                                                          r.ok() && r->duplicate ? 200 : 201);
                       if (r.ok()) resp.headers.emplace_back("Location", "/v1/tickets/" + r->id);
                       respond(std::move(resp));
                     });
}

void HandleCommand(const TicketApiContext* ctx, const HttpRequest& req, HttpResponder respond) {
  HttpResponse denied;
  const User* user = Authenticate(req, ctx->config->users, &denied);
  if (user == nullptr) {
    respond(denied);
    return;
  }
  if (user->role == Role::kOperator) {
    RequireRole(*user, {Role::kAgent, Role::kDepartment, Role::kSupervisor}, "issue commands", &denied);
    respond(denied);
    return;
  }
  const std::string id = TicketIdOf(req.path_params.at("id"));
  const std::string action = req.path_params.at("action");
  std::string_view if_match = req.header("If-Match");
  if (if_match.empty()) {
    respond(Problem(428, "precondition_required", "Precondition Required",
                    "If-Match: the ticket version this command was decided on is required"));
    return;
  }
  auto expected = ParseIfMatch(if_match);
  if (!expected) {
    respond(Problem(400, "invalid_header", "Bad Request", "If-Match: expected a version such as \"3\""));
    return;
  }
  std::string idempotency_key;
  if (auto key = req.header("Idempotency-Key"); !key.empty()) {
    if (key.size() > kMaxIdempotencyKey) {
      respond(Problem(400, "invalid_header", "Bad Request", "Idempotency-Key: longer than 100 characters"));
      return;
    }
    idempotency_key = "cmd-" + Sha256Hex(user->id + "\n" + id + "\n" + action + "\n" + std::string(key));
  }
  TicketCommandRequest request;
  request.ticket_id = id;
  request.action = action;
  request.expected_version = *expected;
  request.actor = ActorOf(*user);
  request.now = ctx->clock();
  request.idempotency_key = std::move(idempotency_key);
  RunTicketCommand(ctx->service, std::move(request), JsonBody(req.body),
                   [ctx, id, respond](TicketCommandOutcome outcome) {
                     if (outcome.malformed) {
                       respond(ProblemFor(outcome.result.status(), /*malformed=*/true));
                     } else {
                       respond(CommandOutcome(ctx, id, outcome.result, 200));
                     }
                   });
}

// A GET on one ticket: authenticates, waits for min_position, loads the
// document and checks the department scope. Null after responding.
const User* LoadVisible(const TicketApiContext* ctx, const HttpRequest& req, HttpResponder& respond,
                        TicketDocument* doc) {
  HttpResponse denied;
  const User* user = Authenticate(req, ctx->config->users, &denied);
  if (user == nullptr) {
    respond(denied);
    return nullptr;
  }
  if (!AwaitMinPosition(req, ctx, &denied)) {
    respond(denied);
    return nullptr;
  }
  auto found = ctx->view->Get(req.path_params.at("id"));
  if (!found.ok()) {
    respond(ProblemFor(found.status()));
    return nullptr;
  }
  if (!MaySee(*user, *found)) {
    respond(Problem(403, "forbidden", "Forbidden",
                    "ticket " + found->state.number + " is not dispatched to department " +
                        user->department_code));
    return nullptr;
  }
  *doc = std::move(found).value();
  return user;
}

void HandleGet(const TicketApiContext* ctx, const HttpRequest& req, HttpResponder respond) {
  TicketDocument doc;
  if (LoadVisible(ctx, req, respond, &doc) == nullptr) return;
  HttpResponse resp = HttpResponse::Json(200, TicketDocumentToJson(doc, ctx->view->utc_offset()));
  resp.headers.emplace_back("ETag", ETag(doc.state.version));
  respond(std::move(resp));
}

void HandleHistory(const TicketApiContext* ctx, const HttpRequest& req, HttpResponder respond) {
  TicketDocument doc;
  const User* user = LoadVisible(ctx, req, respond, &doc);
  if (user == nullptr) return;
  std::vector<RecordedEvent> events;
  Status s = ctx->service->log()->ReadStream(
      doc.id, 1, ~std::size_t{0}, user->personal_data ? PiiAccess::kPlaintext : PiiAccess::kRedacted,
      &events);
  if (!s.ok()) {
    respond(ProblemFor(s));
    return;
  }
  json::array out;
  for (const RecordedEvent& e : events) {
    boost::system::error_code ec;
    out.push_back(json::object{{"position", e.position},
                               {"stream_version", e.stream_version},
                               {"type", e.type},
                               {"recorded_at", FormatUtcMicros(e.recorded_at_us)},
                               {"metadata", json::parse(e.metadata, ec)},
                               {"payload", json::parse(e.payload, ec)}});
  }
  respond(HttpResponse::Json(200, json::object{{"id", doc.id}, {"events", std::move(out)}}));
}

void HandleList(const TicketApiContext* ctx, const HttpRequest& req, HttpResponder respond) {
  HttpResponse denied;
  const User* user = Authenticate(req, ctx->config->users, &denied);
  if (user == nullptr) {
    respond(denied);
    return;
  }
  if (!AwaitMinPosition(req, ctx, &denied)) {
    respond(denied);
    return;
  }
  TicketFilter f;
  auto text = [&](const char* name) { return req.query_param(name); };
  f.status = text("status");
  f.level = text("level");
  f.platform = text("platform");
  f.department = text("department");
  f.type = text("type");
  f.domain = text("domain");
  f.subcategory = text("subcategory");
  f.channel = text("channel");
  f.citizen = text("citizen");
  std::string bad;
  if (auto o = text("overdue")) {
    if (*o == "true" || *o == "false") f.overdue = *o == "true";
    else bad = "overdue: expected true or false";
  }
  auto time = [&](const char* name, std::optional<ticket::Time>* out) {
    if (auto v = text(name)) {
      *out = ticket::ParseTime(*v);
      if (!*out && bad.empty()) bad = std::string(name) + ": expected an RFC 3339 date-time";
    }
  };
  time("created_from", &f.created_from);
  time("created_to", &f.created_to);
  time("resolved_from", &f.resolved_from);
  time("resolved_to", &f.resolved_to);
  std::size_t limit = 50;
  if (auto l = text("limit")) {
    auto [end, ec] = std::from_chars(l->data(), l->data() + l->size(), limit);
    if (ec != std::errc() || end != l->data() + l->size() || limit == 0 || limit > kMaxPageSize) {
      if (bad.empty()) bad = "limit: expected an integer from 1 to 500";
    }
  }
  if (!bad.empty()) {
    respond(Problem(400, "invalid_parameter", "Bad Request", bad));
    return;
  }
  if (user->role == Role::kDepartment) {
    if (f.department && *f.department != user->department_code) {
      respond(Problem(403, "forbidden", "Forbidden",
                      "department: a department user lists only its own department's tickets"));
      return;
    }
    f.department = user->department_code;
  }
  auto page = ctx->view->List(f, limit, text("after").value_or(""));
  if (!page.ok()) {
    respond(ProblemFor(page.status(), /*malformed=*/true));
    return;
  }
  json::array items;
  for (const TicketDocument& doc : page->items) {
    items.push_back(TicketDocumentToJson(doc, ctx->view->utc_offset()));
  }
  json::object body{{"items", std::move(items)}};
  body["next"] = page->next ? json::value(*page->next) : json::value(nullptr);
  respond(HttpResponse::Json(200, body));
}

}  // namespace

HttpResponse ProblemFor(const Status& s, bool malformed) {
  const std::string& m = s.message();
  switch (s.code()) {
    case Status::Code::kNotFound: return Problem(404, "not_found", "Not Found", m);
    case Status::Code::kPermissionDenied: return Problem(403, "forbidden", "Forbidden", m);
    case Status::Code::kConflict:
      return Problem(409, m.find("version") != std::string::npos ? "version_conflict" : "invalid_state",
                     "Conflict", m);
    case Status::Code::kInvalidArgument:
      return malformed ? Problem(400, "invalid_request", "Bad Request", m)
                       : Problem(422, "unprocessable", "Unprocessable Content", m);
    case Status::Code::kNoSpace:
    case Status::Code::kUnavailable:
      return Problem(503, "unavailable", "Service Unavailable", m);
    case Status::Code::kDeadlineExceeded:
      return Problem(504, "timeout", "Gateway Timeout", m);
    default: return Problem(500, "internal", "Internal Server Error", s.ToString());
  }
}

void AddTicketRoutes(HttpServer* server, const TicketApiContext* ctx) {
  server->Route("POST", "/v1/tickets",
                [ctx](const HttpRequest& r, HttpResponder respond) { HandleOpen(ctx, r, std::move(respond)); });
  server->Route("GET", "/v1/tickets",
                [ctx](const HttpRequest& r, HttpResponder respond) { HandleList(ctx, r, std::move(respond)); });
  server->Route("GET", "/v1/tickets/{id}",
                [ctx](const HttpRequest& r, HttpResponder respond) { HandleGet(ctx, r, std::move(respond)); });
  server->Route("GET", "/v1/tickets/{id}/history", [ctx](const HttpRequest& r, HttpResponder respond) {
    HandleHistory(ctx, r, std::move(respond));
  });
  server->Route("POST", "/v1/tickets/{id}/{action}", [ctx](const HttpRequest& r, HttpResponder respond) {
    HandleCommand(ctx, r, std::move(respond));
  });
}

}  // namespace rexian::api
