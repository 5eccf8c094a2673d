// Handlers of the desk routes: authentication, bodies, answers.
#include "livestream/live_routes.h"

#include <boost/json.hpp>

#include "web/api_keys.h"
#include "web/problem_answer.h"

namespace rexian::live {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxBody = 65536;

web::HttpAnswer AnswerOf(const DeskAnswer& a) {
  if (a.status >= 400) {
    return web::ProblemAnswer(a.status, a.problem_type, a.problem_type, a.detail);
  }
  web::HttpAnswer answer;
  answer.status = a.status;
  answer.body = a.body_json;
  return answer;
}

// The handler's context: the plugin and what it received.
struct Call {
  LivePlugin* plugin;
  const rexian_http_request* request;
  rexian_http_exchange* exchange;

  std::string Param(std::string_view name) const {
    for (std::size_t i = 0; i < request->param_count; ++i) {
      if (name == request->param_names[i]) return request->param_values[i];
    }
    return "";
  }
  void Respond(const web::HttpAnswer& answer) const { plugin->gate().Respond(exchange, answer); }
  void Problem(int status, std::string_view type, std::string_view detail) const {
    Respond(web::ProblemAnswer(status, type, type, detail));
  }
  // Answers later, from whichever thread the outcome arrives on.
  std::function<void(const DeskAnswer&)> Later() const {
    LivePlugin* p = plugin;
    rexian_http_exchange* e = exchange;
    return [p, e](const DeskAnswer& a) { p->gate().Respond(e, AnswerOf(a)); };
  }
};

// Checks the desk key; answers 401/403 and returns false when it fails.
bool Authorised(const Call& call) {
  std::string_view key = web::HeaderOf(*call.request, "X-Api-Key");
  std::string_view auth = web::HeaderOf(*call.request, "Authorization");
  if (key.empty() && auth.size() > 7 && (auth.substr(0, 7) == "Bearer " || auth.substr(0, 7) == "bearer ")) {
    key = auth.substr(7);
  }
  if (key.empty()) {
    call.Problem(401, "unauthenticated", "a desk key is required (Authorization: Bearer <key> or X-Api-Key)");
    return false;
  }
  const std::string digest = web::Sha256Hex(key);
  for (const std::string& allowed : call.plugin->options().desk_keys) {
    if (allowed == digest) return true;
  }
  call.Problem(403, "forbidden", "this key is not one of the desk's (desk_keys)");
  return false;
}

// The body as a JSON object, or answers 400/413 and returns nullopt.
std::optional<json::object> BodyOf(const Call& call) {
  if (call.request->body_len > kMaxBody) {
    call.Problem(413, "body-too-large", "the body exceeds 65536 bytes");
    return std::nullopt;
  }
  boost::system::error_code ec;
  json::value v = json::parse(std::string_view(call.request->body, call.request->body_len), ec);
  if (ec || !v.is_object()) {
    call.Problem(400, "invalid-body", "expected a JSON object");
    return std::nullopt;
  }
  return std::move(v.as_object());
}

// A string member: "" when absent; nullopt (after answering 400) when mistyped.
std::optional<std::string> StringMember(const Call& call, const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr) return std::string();
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  call.Problem(400, "invalid-body", std::string(name) + ": expected a string");
  return std::nullopt;
}

std::optional<std::vector<std::string>> StringList(const Call& call, const json::object& o, std::string_view name) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(name);
  if (v == nullptr) return out;
  if (v->is_array() && v->as_array().size() <= 500) {
    for (const json::value& item : v->as_array()) {
      if (!item.is_string()) break;
      out.emplace_back(item.as_string());
    }
    if (out.size() == v->as_array().size()) return out;
  }
  call.Problem(400, "invalid-body", std::string(name) + ": expected a list of at most 500 strings");
  return std::nullopt;
}

void StartSession(void* user_data, const rexian_http_request* request, rexian_http_exchange* exchange) {
  Call call{static_cast<LivePlugin*>(user_data), request, exchange};
  if (!Authorised(call)) return;
  auto body = BodyOf(call);
  if (!body) return;
  SessionInfo info;
  auto id = StringMember(call, *body, "id");
  auto title = StringMember(call, *body, "title");
  auto programme = StringMember(call, *body, "programme");
  auto starts_at = StringMember(call, *body, "starts_at");
  if (!id || !title || !programme || !starts_at) return;
  auto units = StringList(call, *body, "units");
  if (!units) return;
  auto feeds = StringList(call, *body, "feeds");
  if (!feeds) return;
  info.id = *id;
  info.title = *title;
  info.programme = *programme;
  info.starts_at = *starts_at;
  info.units = std::move(*units);
  info.feeds = std::move(*feeds);
  call.plugin->StartSession(std::move(info), call.Later());
}

void DescribeSession(void* user_data, const rexian_http_request* request, rexian_http_exchange* exchange) {
  Call call{static_cast<LivePlugin*>(user_data), request, exchange};
  if (!Authorised(call)) return;
  call.Respond(AnswerOf(call.plugin->Describe(call.Param("id"))));
}

void EndSession(void* user_data, const rexian_http_request* request, rexian_http_exchange* exchange) {
  Call call{static_cast<LivePlugin*>(user_data), request, exchange};
  if (!Authorised(call)) return;
  call.plugin->EndSession(call.Param("id"), call.Later());
}

void TakeComment(void* user_data, const rexian_http_request* request, rexian_http_exchange* exchange) {
  Call call{static_cast<LivePlugin*>(user_data), request, exchange};
  if (!Authorised(call)) return;
  auto body = BodyOf(call);
  if (!body) return;
  auto uid = StringMember(call, *body, "uid");
  auto uname = StringMember(call, *body, "uname");
  auto text = StringMember(call, *body, "text");
  auto id = StringMember(call, *body, "id");
  if (!uid || !uname || !text || !id) return;
  if (uid->empty() || text->empty()) return call.Problem(400, "invalid-body", "uid and text: required");
  Comment comment;
  comment.source = "desk";
  comment.platform_id = *id;
  comment.uid = *uid;
  comment.uname = *uname;
  comment.text = *text;
  LivePlugin* plugin = call.plugin;
  call.plugin->TakeComment(call.Param("id"), std::move(comment), [plugin, exchange](const CommentOutcome& o) {
    json::object answer{{"outcome", o.outcome}};
    if (!o.detail.empty()) answer["detail"] = o.detail;
    if (!o.question.empty()) answer["question"] = o.question;
    if (!o.ticket_number.empty()) answer["ticket_number"] = o.ticket_number;
    const int status = o.outcome == "accepted" ? 201 : o.outcome == "ended" ? 409 : o.outcome == "failed" ? 422 : 200;
    plugin->gate().Respond(exchange, web::JsonAnswer(status, answer));
  });
}

void Answered(void* user_data, const rexian_http_request* request, rexian_http_exchange* exchange) {
  Call call{static_cast<LivePlugin*>(user_data), request, exchange};
  if (!Authorised(call)) return;
  auto body = BodyOf(call);
  if (!body) return;
  auto answer = StringMember(call, *body, "answer");
  auto unit = StringMember(call, *body, "unit");
  if (!answer || !unit) return;
  call.plugin->AnswerOnAir(call.Param("id"), call.Param("qid"), *answer, *unit, call.Later());
}

void Dispatch(void* user_data, const rexian_http_request* request, rexian_http_exchange* exchange) {
  Call call{static_cast<LivePlugin*>(user_data), request, exchange};
  if (!Authorised(call)) return;
  auto body = BodyOf(call);
  if (!body) return;
  std::string classify;
  if (const json::value* c = body->if_contains("classification")) {
    if (!c->is_object()) return call.Problem(400, "invalid-body", "classification: expected {type, domain, subcategory?}");
    classify = json::serialize(*c);
  }
  json::object dispatch;
  std::string lead;
  if (const json::value* d = body->if_contains("lead_department")) {
    if (!d->is_string()) return call.Problem(400, "invalid-body", "lead_department: expected a string");
    lead = std::string(d->as_string());
    dispatch["lead_department"] = *d;
  }
  if (const json::value* a = body->if_contains("assisting_departments")) dispatch["assisting_departments"] = *a;
  call.plugin->Dispatch(call.Param("id"), call.Param("qid"), classify, json::serialize(dispatch), lead, call.Later());
}

}  // namespace

Expected<Done> RegisterLiveRoutes(LivePlugin* plugin) {
  const std::string p = plugin->options().route_prefix;
  const struct {
    const char* method;
    std::string pattern;
    rexian_http_handler handler;
  } routes[] = {
      {"POST", p + "/sessions", &StartSession},
      {"GET", p + "/sessions/{id}", &DescribeSession},
      {"POST", p + "/sessions/{id}/end", &EndSession},
      {"POST", p + "/sessions/{id}/comments", &TakeComment},
      {"POST", p + "/sessions/{id}/questions/{qid}/answered", &Answered},
      {"POST", p + "/sessions/{id}/questions/{qid}/dispatch", &Dispatch},
  };
  for (const auto& r : routes) {
    if (plugin->api()->register_route(plugin->host(), r.method, r.pattern.c_str(), r.handler, plugin) != REXIAN_OK) {
      return Failure{"route_prefix: cannot register " + std::string(r.method) + " " + r.pattern};
    }
  }
  return Done{};
}

}  // namespace rexian::live
