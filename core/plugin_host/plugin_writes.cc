// PluginWrites: plugin records through the EventLog, commands through api::RunTicketCommand.
#include "plugin_host/plugin_writes.h"

#include <boost/json.hpp>

#include "api/ticket_api.h"
#include "api/ticket_command_run.h"
#include "intake/intake.h"
#include "rexian/digest.h"
#include "rexian/event_log.h"
#include "service/event_metadata.h"
#include "service/ticket_service.h"

namespace rexian {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxEventId = 200;
constexpr std::size_t kMaxStreamKey = 96;
constexpr const char* kPluginTypes[] = {"call", "live"};

bool StreamKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '-';
}

std::string_view FirstSegment(std::string_view type) { return type.substr(0, type.find('.')); }

// "/rating: expected ...; /solved: ..." -> [{"field": "/rating", "message": "expected ..."}, ...];
// a clause naming no field is left out (the message carries it).
json::array FieldsOf(std::string_view message) {
  json::array fields;
  while (!message.empty()) {
    const std::size_t end = message.find("; ");
    std::string_view clause = message.substr(0, end);
    message = end == std::string_view::npos ? std::string_view() : message.substr(end + 2);
    const std::size_t colon = clause.find(": ");
    if (colon == std::string_view::npos) continue;
    std::string_view field = clause.substr(0, colon);
    if (field == "(root)") field = "";
    else if (field.empty() || field[0] != '/') continue;
    fields.push_back(json::object{{"field", field}, {"message", clause.substr(colon + 2)}});
  }
  return fields;
}

// The error document of a failed call: the HTTP API's problem type as the
// stable code ("conflict" for a version conflict), its detail as the
// message, and the fields it names.
std::string ErrorJson(const Status& status, bool malformed, std::string_view fields_from) {
  const HttpResponse problem = api::ProblemFor(status, malformed);
  std::string type = "internal";
  boost::system::error_code ec;
  json::value body = json::parse(problem.body, ec);
  if (!ec && body.is_object()) {
    if (const json::value* t = body.as_object().if_contains("type"); t && t->is_string()) {
      type = std::string(t->as_string());
    }
  }
  // The problem type is a URI (https://rexian.dev/problems/not_found): its last segment.
  type = type.substr(type.rfind('/') + 1);
  if (type == "version_conflict") type = "conflict";
  return json::serialize(json::object{{"error", type},
                                      {"message", status.message()},
                                      {"status", problem.status},
                                      {"fields", FieldsOf(fields_from)}});
}

PluginCallOutcome Failed(const Status& status, bool malformed = false,
                         std::string_view fields_from = {}) {
  PluginCallOutcome out;
  out.status = status;
  out.error_json = ErrorJson(status, malformed, fields_from.empty() ? status.message() : fields_from);
  return out;
}

std::string TicketIdOf(std::string_view id_or_number) {
  if (id_or_number.rfind("ticket-", 0) == 0) return std::string(id_or_number);
  return "ticket-" + std::string(id_or_number);
}

}  // namespace

bool IsPluginEventType(std::string_view type) {
  const std::string_view first = FirstSegment(type);
  if (first.size() == type.size()) return false;
  for (const char* allowed : kPluginTypes) {
    if (first == allowed) return true;
  }
  return false;
}

ticket::Actor PluginActor(const PluginWriter& writer) {
  return ticket::UserActor("plugin:" + writer.instance, writer.role);
}

PluginWrites::PluginWrites(EventLog* log, TicketService* tickets, Intake* intake,
                           std::function<ticket::Time()> clock)
    : log_(log), tickets_(tickets), intake_(intake), clock_(std::move(clock)) {}

Status PluginWrites::RecordEvent(const PluginWriter& writer, const std::string& stream,
                                 const std::string& type, std::string payload_json,
                                 const std::string& event_id, PluginCallDone done) {
  if (!IsPluginEventType(type)) {
    return Status::InvalidArgument("event_type: '" + type +
                                   "' is not a type plugins may write (call.*, live.*)");
  }
  const std::uint32_t version = log_->schemas()->LatestVersion(type);
  if (version == 0) {
    return Status::InvalidArgument("event_type: '" + type + "' has no schema in schemas/events/");
  }
  const std::string prefix = std::string(FirstSegment(type)) + "-";
  const std::string_view key = std::string_view(stream).substr(
      stream.rfind(prefix, 0) == 0 ? prefix.size() : stream.size());
  bool key_ok = !key.empty() && key.size() <= kMaxStreamKey;
  for (char c : key) key_ok = key_ok && StreamKeyChar(c);
  if (stream.rfind(prefix, 0) != 0 || !key_ok) {
    return Status::InvalidArgument("stream: '" + stream.substr(0, 120) + "' is not " + prefix +
                                   "<key> with key [A-Za-z0-9._:-]{1,96}");
  }
  if (event_id.empty() || event_id.size() > kMaxEventId) {
    return Status::InvalidArgument("event_id: expected 1 to 200 bytes");
  }

  // Checked here as well as in the log, so the plugin gets the fields.
  boost::system::error_code ec;
  json::value payload = json::parse(payload_json, ec);
  if (ec || !payload.is_object()) {
    done(Failed(Status::InvalidArgument("payload: expected a JSON object")));
    return Status::OK();
  }
  if (Status s = log_->schemas()->ValidateEvent(type, version, payload); !s.ok()) {
    const std::string& m = s.message();
    const std::string head = type + " v" + std::to_string(version) + ": ";
    done(Failed(s, false, m.rfind(head, 0) == 0 ? std::string_view(m).substr(head.size())
                                                : std::string_view(m)));
    return Status::OK();
  }
  std::string citizen;
  if (const json::value* c = payload.as_object().if_contains("citizen"); c && c->is_object()) {
    if (const json::value* id = c->as_object().if_contains("id"); id && id->is_string()) {
      citizen = intake_->Pseudonymize(writer.channel, std::string_view(id->as_string()));
    }
  }

  const ticket::Time now = clock_();
  AppendRequest request;
  request.stream_id = stream;
  request.expected = ExpectedVersion::Any();
  NewEvent event;
  event.event_id = "plugin-" + Sha256Hex(writer.instance + "\n" + event_id);
  event.type = type;
  event.schema_version = version;
  event.metadata = EventMetadataJson(PluginActor(writer), now, tickets_->utc_offset(), citizen,
                                     writer.channel);
  event.payload = std::move(payload_json);
  request.events.push_back(std::move(event));
  log_->AppendAsync(std::move(request), [stream, done = std::move(done)](AppendResult r) {
    if (!r.status.ok()) {
      done(Failed(r.status));
      return;
    }
    PluginCallOutcome out;
    out.position = r.last_position;
    out.duplicate = r.duplicate;
    out.result_json =
        json::serialize(json::object{{"stream", stream}, {"version", r.stream_version}});
    done(std::move(out));
  });
  return Status::OK();
}

void PluginWrites::TicketCommand(const PluginWriter& writer, const std::string& ticket,
                                 const std::string& action, const std::string& body_json,
                                 const std::string& idempotency_key, PluginCallDone done) {
  if (ticket.empty() || action.empty()) {
    done(Failed(Status::InvalidArgument(ticket.empty() ? "ticket: expected a ticket id or number"
                                                       : "action: expected an action name"),
                true));
    return;
  }
  api::TicketCommandRequest request;
  request.ticket_id = TicketIdOf(ticket);
  request.action = action;
  request.actor = PluginActor(writer);
  request.now = clock_();
  if (!idempotency_key.empty()) {
    request.idempotency_key = "cmd-" + Sha256Hex(request.actor.user + "\n" + request.ticket_id +
                                                 "\n" + action + "\n" + idempotency_key);
  }
  // The body is the API's, plus "expected_version" standing in for If-Match.
  json::object members;
  if (body_json.find_first_not_of(" \t\r\n") != std::string::npos) {
    boost::system::error_code ec;
    json::value parsed = json::parse(body_json, ec);
    if (ec || !parsed.is_object()) {
      done(Failed(Status::InvalidArgument("body: expected a JSON object"), true));
      return;
    }
    members = std::move(parsed.as_object());
  }
  if (const json::value* v = members.if_contains("expected_version")) {
    if (!v->is_number() || !v->is_int64() || v->as_int64() < 1) {
      done(Failed(Status::InvalidArgument("/expected_version: expected an integer >= 1"), true));
      return;
    }
    request.expected_version = static_cast<std::uint64_t>(v->as_int64());
    members.erase("expected_version");
  }
  const std::string id = request.ticket_id;
  TicketService* tickets = tickets_;
  api::RunTicketCommand(
      tickets_, std::move(request), api::JsonBody(members, ""),
      [id, tickets, done = std::move(done)](api::TicketCommandOutcome outcome) {
        if (!outcome.result.ok()) {
          PluginCallOutcome out = Failed(outcome.result.status(), outcome.malformed);
          if (outcome.result.status().IsConflict()) {
            // As the HTTP API's 409: the version to decide again on.
            auto version = tickets->log()->store()->StreamVersion(id);
            json::value doc = json::parse(out.error_json);
            if (version.ok()) doc.as_object()["current_version"] = *version;
            out.error_json = json::serialize(doc);
          }
          done(std::move(out));
          return;
        }
        const TicketCommandResult& r = *outcome.result;
        json::array events;
        for (const std::string& t : r.events) events.emplace_back(t);
        PluginCallOutcome out;
        out.position = r.position;
        out.duplicate = r.duplicate;
        out.result_json = json::serialize(json::object{{"id", r.id},
                                                       {"number", r.number},
                                                       {"version", r.version},
                                                       {"position", r.position},
                                                       {"events", std::move(events)},
                                                       {"duplicate", r.duplicate}});
        done(std::move(out));
      });
}

}  // namespace rexian
