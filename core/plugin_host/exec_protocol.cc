// The exec plugin protocol's messages: building the host's lines, parsing the plugin's.
#include "plugin_host/exec_protocol.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "api/json_body.h"
#include "rexian/plugin.h"

namespace rexian {
namespace json = boost::json;

namespace {

std::string Line(const json::object& message) { return json::serialize(message) + "\n"; }

// The JSON text `text` as a value; `fallback` when it is not valid JSON.
json::value ParseOr(std::string_view text, json::value fallback) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? fallback : v;
}

bool IsValidId(const json::value& id) {
  if (id.is_string()) return !id.get_string().empty() && id.get_string().size() <= 256;
  return id.is_int64() || id.is_uint64();
}

int LogLevel(std::string_view name) {
  if (name == "debug") return REXIAN_LOG_DEBUG;
  if (name == "info") return REXIAN_LOG_INFO;
  if (name == "warn") return REXIAN_LOG_WARN;
  if (name == "error") return REXIAN_LOG_ERROR;
  return -1;
}

PluginMessageType TypeOf(std::string_view name) {
  if (name == "ready") return PluginMessageType::kReady;
  if (name == "submit") return PluginMessageType::kSubmit;
  if (name == "delivered") return PluginMessageType::kDelivered;
  if (name == "log") return PluginMessageType::kLog;
  if (name == "query") return PluginMessageType::kQuery;
  if (name == "metric") return PluginMessageType::kMetric;
  return PluginMessageType::kUnknown;
}

void ReadReady(api::JsonBody& body, PluginMessage& m) {
  if (body.Has("deliver")) m.delivers_replies = body.Bool("deliver");
  m.plugin_version = body.OptStr("version").value_or("");
}

void ReadSubmit(api::JsonBody& body, PluginMessage& m) {
  const json::value* contact = body.object().if_contains("contact");
  if (contact == nullptr || !contact->is_object()) {
    body.Fail("contact", contact == nullptr ? "an object (missing)" : "an object");
    return;
  }
  m.contact_json = json::serialize(*contact);
}

void ReadDelivered(api::JsonBody& body, PluginMessage& m) {
  m.ok = body.Bool("ok");
  if (!body.status().ok() || m.ok) return;
  if (body.Has("retry")) m.retry = body.Bool("retry");
  m.error = body.Str("error");
}

void ReadLog(api::JsonBody& body, PluginMessage& m) {
  const std::string level = body.Str("level");
  m.message = body.Str("message");
  if (!body.status().ok()) return;
  m.level = LogLevel(level);
  if (m.level < 0) body.Fail("level", "one of debug, info, warn, error");
}

void ReadQuery(api::JsonBody& body, PluginMessage& m) {
  m.query = body.Str("query");
  const json::value* args = body.object().if_contains("args");
  if (args == nullptr || args->is_null()) return;
  if (!args->is_object()) return body.Fail("args", "an object");
  m.args = args->get_object();
}

void ReadMetric(api::JsonBody& body, PluginMessage& m) {
  const std::string kind = body.Str("kind");
  m.metric_name = body.Str("name");
  m.help = body.OptStr("help").value_or("");
  const std::optional<double> value = body.OptNumber("value");
  if (!body.status().ok()) return;
  if (kind != "counter" && kind != "gauge") return body.Fail("kind", "\"counter\" or \"gauge\"");
  m.gauge = kind == "gauge";
  if (!value || !std::isfinite(*value)) return body.Fail("value", "a finite number");
  m.value = *value;
  if (!m.gauge && m.value < 0) body.Fail("value", "a number >= 0 (a counter's increment)");
}

}  // namespace

const char* PluginMessageTypeName(PluginMessageType type) {
  switch (type) {
    case PluginMessageType::kReady:
      return "ready";
    case PluginMessageType::kSubmit:
      return "submit";
    case PluginMessageType::kDelivered:
      return "delivered";
    case PluginMessageType::kLog:
      return "log";
    case PluginMessageType::kQuery:
      return "query";
    case PluginMessageType::kMetric:
      return "metric";
    case PluginMessageType::kUnknown:
      break;
  }
  return "unknown";
}

std::string HelloLine(const PluginConfig& config, std::string_view channel,
                      std::size_t max_line_bytes) {
  json::value plugin_config = ParseOr(config.config_json, json::object());
  if (!plugin_config.is_object()) plugin_config = json::object();
  json::object hello;
  hello["type"] = "hello";
  hello["abi"] = kExecProtocolVersion;
  hello["plugin"] = config.name;
  hello["channel"] = channel;
  hello["config"] = std::move(plugin_config);
  hello["max_line_bytes"] = max_line_bytes;
  return Line(hello);
}

std::string SubmittedLine(const json::value& id, const SubmitOutcome& outcome) {
  json::object m;
  m["type"] = "submitted";
  m["id"] = id;
  m["ok"] = outcome.status.ok();
  if (outcome.status.ok()) {
    m["ticket_number"] = outcome.ticket_number;
    m["ticket_id"] = outcome.ticket_id;
    m["duplicate"] = outcome.duplicate;
    m["attached"] = outcome.attached;
    return Line(m);
  }
  m["code"] = Status::CodeName(outcome.status.code());
  m["retry"] = outcome.status.IsUnavailable() || outcome.status.IsNoSpace();
  json::value error = ParseOr(outcome.ErrorJson(), json::value());
  if (!error.is_object()) {
    error = json::object{{"error", outcome.status.message()}, {"fields", json::array()}};
  }
  m["error"] = std::move(error);
  return Line(m);
}

std::string DeliverLine(std::string_view id, const Reply& reply) {
  json::value citizen = ParseOr(reply.citizen_json, json::object());
  if (!citizen.is_object()) citizen = json::object();
  json::object r;
  r["delivery_id"] = reply.delivery_id;
  r["attempt"] = reply.attempt;
  r["kind"] = reply.kind;
  r["ticket_number"] = reply.ticket_number;
  r["channel_message_id"] = reply.channel_message_id;
  r["citizen"] = std::move(citizen);
  r["text"] = reply.text;
  json::object m;
  m["type"] = "deliver";
  m["id"] = id;
  m["reply"] = std::move(r);
  return Line(m);
}

std::string ResultLine(const json::value& id, const Result<std::string>& answer) {
  json::object m;
  m["type"] = "result";
  m["id"] = id;
  if (answer.ok()) {
    // Re-serialized rather than spliced in, so the line holds exactly one
    // JSON object whatever the answer's text looks like.
    boost::system::error_code ec;
    json::value value = json::parse(*answer, ec);
    if (!ec) {
      m["ok"] = true;
      m["value"] = std::move(value);
      return Line(m);
    }
    m["ok"] = false;
    m["error"] = json::object{{"code", "internal"}, {"message", "the host's answer is not JSON"}};
    return Line(m);
  }
  m["ok"] = false;
  m["error"] = json::object{{"code", Status::CodeName(answer.status().code())},
                            {"message", answer.status().message()}};
  return Line(m);
}

std::string StopLine() { return "{\"type\":\"stop\"}\n"; }

PluginMessage ParsePluginMessage(std::string_view line) {
  PluginMessage m;
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 64;
  json::value parsed = json::parse(line, ec, {}, options);
  if (ec) {
    m.problem = Status::InvalidArgument("not valid JSON (" + ec.message() + ")");
    return m;
  }
  if (!parsed.is_object()) {
    m.problem = Status::InvalidArgument("not a JSON object");
    return m;
  }
  json::object& object = parsed.get_object();
  const json::value* type = object.if_contains("type");
  if (type == nullptr || !type->is_string()) {
    m.problem =
        Status::InvalidArgument(type == nullptr ? "/type: missing" : "/type: expected a string");
    return m;
  }
  m.type = TypeOf(type->get_string());
  if (m.type == PluginMessageType::kUnknown) {
    m.problem = Status::InvalidArgument(
        "/type: unknown message type (expected ready, submit, "
        "delivered, log, query or metric)");
    return m;
  }

  api::JsonBody body(object, "");
  const bool needs_id = m.type == PluginMessageType::kSubmit ||
                        m.type == PluginMessageType::kQuery ||
                        m.type == PluginMessageType::kDelivered;
  if (needs_id) {
    const json::value* id = object.if_contains("id");
    const bool string_only = m.type == PluginMessageType::kDelivered;
    if (id != nullptr && IsValidId(*id) && (!string_only || id->is_string())) {
      m.id = *id;
    } else {
      body.Fail("id", std::string(string_only ? "the host's string id"
                                              : "a string (1-256 bytes) or an integer") +
                          (id == nullptr ? " (missing)" : ""));
    }
  }
  switch (m.type) {
    case PluginMessageType::kReady:
      ReadReady(body, m);
      break;
    case PluginMessageType::kSubmit:
      ReadSubmit(body, m);
      break;
    case PluginMessageType::kDelivered:
      ReadDelivered(body, m);
      break;
    case PluginMessageType::kLog:
      ReadLog(body, m);
      break;
    case PluginMessageType::kQuery:
      ReadQuery(body, m);
      break;
    case PluginMessageType::kMetric:
      ReadMetric(body, m);
      break;
    case PluginMessageType::kUnknown:
      break;
  }
  m.problem = body.status();
  return m;
}

}  // namespace rexian
