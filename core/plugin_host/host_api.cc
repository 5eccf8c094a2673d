// The host functions a shared plugin calls through rexian_host_api.
#include "plugin_host/host_api.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdio>

#include "intake/intake.h"
#include "plugin_host/host_queries.h"
#include "plugin_host/plugin_library.h"

namespace {

std::unique_ptr<rexian::PluginWrites> WritesFor(const rexian::PluginEnvironment& env) {
  if (env.event_log == nullptr || env.tickets == nullptr || env.intake == nullptr || !env.clock) {
    return nullptr;
  }
  return std::make_unique<rexian::PluginWrites>(env.event_log, env.tickets, env.intake, env.clock);
}

}  // namespace

rexian_host::rexian_host(rexian::PluginEnvironment environment, std::string instance_name,
                         std::string channel_name, std::string plugin_label,
                         rexian::Role actor_role)
    : env(std::move(environment)),
      instance(std::move(instance_name)),
      channel(std::move(channel_name)),
      label(std::move(plugin_label)),
      id([] {
        static std::atomic<std::uint64_t> last{0};
        return ++last;
      }()),
      metrics(rexian::PluginMetrics::Register(env.metrics, instance)),
      gate(std::make_shared<rexian::RouteGate>()),
      writer{instance, channel, actor_role},
      writes(WritesFor(env)) {}

void rexian_host::Log(int level, const std::string& message) const {
  if (env.log) {
    env.log(instance, level, message);
  } else {
    static const char* const kNames[] = {"debug", "info", "warn", "error"};
    std::fprintf(stderr, "plugin %s: %s: %s\n", instance.c_str(),
                 kNames[level < 0 || level > 3 ? 3 : level], message.c_str());
  }
}

namespace rexian {

namespace {

rexian_status ToC(const Status& s) {
  if (s.ok()) return REXIAN_OK;
  if (s.IsInvalidArgument()) return REXIAN_INVALID;
  if (s.IsNotFound()) return REXIAN_NOT_FOUND;
  if (s.IsUnavailable() || s.IsNoSpace()) return REXIAN_UNAVAILABLE;
  return REXIAN_INTERNAL;
}

const char* SubmitOutcomeName(const SubmitOutcome& o) {
  if (o.status.ok()) return o.duplicate ? "duplicate" : "accepted";
  if (o.status.IsInvalidArgument()) return "invalid";
  if (o.status.IsUnavailable() || o.status.IsNoSpace()) return "unavailable";
  return "error";
}

// Hands a query's answer to the plugin's sink; an invalid query's reason
// goes to the sink as {"error": ...} as rexian/plugin.h promises.
rexian_status Answer(const Result<std::string>& answer, rexian_json_sink sink, void* user_data) {
  if (answer.ok()) {
    sink(user_data, answer->data(), answer->size());
    return REXIAN_OK;
  }
  if (answer.status().IsInvalidArgument()) {
    const std::string error =
        boost::json::serialize(boost::json::object{{"error", answer.status().message()}});
    sink(user_data, error.data(), error.size());
  }
  return ToC(answer.status());
}

extern "C" void HostLog(rexian_host* host, rexian_log_level level, const char* message) {
  if (host == nullptr) return;
  host->Log(static_cast<int>(level), message == nullptr ? "" : message);
}

extern "C" rexian_status HostSubmit(rexian_host* host, const char* contact_json,
                                    std::size_t contact_len, rexian_submit_done done,
                                    void* user_data) {
  if (host == nullptr || done == nullptr) return REXIAN_INVALID;
  {
    std::lock_guard lock(host->mu);
    if (!host->submits_open) return REXIAN_UNAVAILABLE;
    ++host->submits_in_flight;
  }
  std::string contact = contact_json == nullptr ? "" : std::string(contact_json, contact_len);
  std::shared_ptr<rexian_host> keep = host->shared_from_this();
  host->env.intake->Submit(ContactSource{host->instance, host->channel}, std::move(contact),
                           [keep, done, user_data](SubmitOutcome outcome) {
                             const std::string error_json = [&] {
                               if (outcome.status.ok()) return std::string();
                               std::string text = outcome.ErrorJson();
                               if (text.empty()) {
                                 text = boost::json::serialize(
                                     boost::json::object{{"error", outcome.status.ToString()}});
                               }
                               return text;
                             }();
                             rexian_submit_result result{};
                             result.struct_size = sizeof(rexian_submit_result);
                             result.status = ToC(outcome.status);
                             if (outcome.status.ok()) {
                               result.ticket_number = outcome.ticket_number.c_str();
                               result.ticket_id = outcome.ticket_id.c_str();
                               result.duplicate = outcome.duplicate ? 1 : 0;
                               result.attached = outcome.attached ? 1 : 0;
                             } else {
                               result.error_json = error_json.c_str();
                             }
                             keep->metrics->CountSubmit(SubmitOutcomeName(outcome));
                             done(user_data, &result);
                             std::lock_guard lock(keep->mu);
                             if (--keep->submits_in_flight == 0) keep->submits_idle.notify_all();
                           });
  return REXIAN_OK;
}

extern "C" rexian_status HostRegisterRoute(rexian_host* host, const char* method,
                                           const char* pattern, rexian_http_handler handler,
                                           void* user_data) {
  if (host == nullptr) return REXIAN_INVALID;
  const std::string m = method == nullptr ? "" : method;
  const std::string p = pattern == nullptr ? "" : pattern;
  auto refuse = [&](rexian_status code, const std::string& why) {
    host->Log(REXIAN_LOG_ERROR, "register_route " + m + " " + p + " refused: " + why);
    return code;
  };
  if (handler == nullptr) return refuse(REXIAN_INVALID, "handler is NULL");
  if (!host->routes_open.load()) {
    return refuse(REXIAN_INVALID, "routes may be registered only during create() or start()");
  }
  if (Status s = CheckPluginRoute(m, p); !s.ok()) return refuse(REXIAN_INVALID, s.message());
  if (host->env.http == nullptr) {
    return refuse(REXIAN_UNAVAILABLE, "this process runs no HTTP server");
  }
  AddPluginRoute(host->env.http, m, p, handler, user_data, host->gate, host->id);
  std::lock_guard lock(host->mu);
  host->routes.emplace_back(m, p);
  return REXIAN_OK;
}

extern "C" void HostRespond(rexian_http_exchange* exchange, const rexian_http_response* response) {
  RespondToExchange(exchange, response);
}

// Reports an invalid metric once per name, so a plugin in a loop cannot flood the log.
void ReportMetricError(rexian_host* host, const char* name, const Status& s) {
  {
    std::lock_guard lock(host->mu);
    if (!host->warned.insert(name == nullptr ? "" : name).second) return;
  }
  host->Log(REXIAN_LOG_WARN, "metric ignored: " + s.message());
}

extern "C" void HostCounterAdd(rexian_host* host, const char* name, const char* help,
                               double delta) {
  if (host == nullptr) return;
  Status s =
      host->metrics->AddToCounter(name == nullptr ? "" : name, help == nullptr ? "" : help, delta);
  if (!s.ok()) ReportMetricError(host, name, s);
}

extern "C" void HostGaugeSet(rexian_host* host, const char* name, const char* help, double value) {
  if (host == nullptr) return;
  Status s =
      host->metrics->SetGauge(name == nullptr ? "" : name, help == nullptr ? "" : help, value);
  if (!s.ok()) ReportMetricError(host, name, s);
}

extern "C" rexian_status HostConfigSection(rexian_host* host, const char* section,
                                           rexian_json_sink sink, void* user_data) {
  if (host == nullptr || section == nullptr || sink == nullptr) return REXIAN_INVALID;
  return Answer(host->env.queries->ConfigSection(section), sink, user_data);
}

extern "C" rexian_status HostGetTicket(rexian_host* host, const char* id_or_number,
                                       rexian_json_sink sink, void* user_data) {
  if (host == nullptr || id_or_number == nullptr || sink == nullptr) return REXIAN_INVALID;
  return Answer(host->env.queries->GetTicket(id_or_number), sink, user_data);
}

extern "C" rexian_status HostListTickets(rexian_host* host, const char* query_json,
                                         rexian_json_sink sink, void* user_data) {
  if (host == nullptr || sink == nullptr) return REXIAN_INVALID;
  return Answer(host->env.queries->ListTickets(query_json == nullptr ? "{}" : query_json), sink,
                user_data);
}

extern "C" rexian_status HostFindContact(rexian_host* host, const char* channel,
                                         const char* channel_message_id, rexian_json_sink sink,
                                         void* user_data) {
  if (host == nullptr || channel_message_id == nullptr || sink == nullptr) return REXIAN_INVALID;
  // NULL or "" means the plugin's own channel.
  const std::string which = channel == nullptr || *channel == '\0' ? host->channel : channel;
  return Answer(host->env.queries->FindContact(which, channel_message_id), sink, user_data);
}

extern "C" const char* HostChannel(rexian_host* host) {
  return host == nullptr ? "" : host->channel.c_str();
}

// Takes one place among the calls whose done callback is still due;
// false when the host is stopping.
bool EnterCall(rexian_host* host) {
  std::lock_guard lock(host->mu);
  if (!host->submits_open) return false;
  ++host->submits_in_flight;
  return true;
}

void LeaveCall(rexian_host* host) {
  std::lock_guard lock(host->mu);
  if (--host->submits_in_flight == 0) host->submits_idle.notify_all();
}

// The rexian_status of a failed call, from its error document's code.
rexian_status CallStatusOf(const PluginCallOutcome& outcome) {
  if (outcome.status.ok()) return REXIAN_OK;
  const Status& s = outcome.status;
  if (s.IsNotFound()) return REXIAN_NOT_FOUND;
  if (s.IsInvalidArgument() || s.IsPermissionDenied()) return REXIAN_INVALID;
  // A version conflict is worth retrying on the new version; a command the
  // ticket's state forbids ("invalid_state") is not.
  if (s.IsConflict()) {
    return outcome.error_json.find("\"error\":\"conflict\"") != std::string::npos
               ? REXIAN_UNAVAILABLE
               : REXIAN_INVALID;
  }
  if (s.IsUnavailable() || s.IsNoSpace() || s.IsDeadlineExceeded()) return REXIAN_UNAVAILABLE;
  return REXIAN_INTERNAL;
}

// The callback that answers the plugin and releases the call's place.
PluginCallDone AnswerCall(rexian_host* host, rexian_call_done done, void* user_data) {
  std::shared_ptr<rexian_host> keep = host->shared_from_this();
  return [keep, done, user_data](PluginCallOutcome outcome) {
    rexian_call_result result{};
    result.struct_size = sizeof(rexian_call_result);
    result.status = CallStatusOf(outcome);
    if (result.status == REXIAN_OK) {
      result.position = outcome.position;
      result.duplicate = outcome.duplicate ? 1 : 0;
      result.result_json = outcome.result_json.c_str();
    } else {
      result.error_json = outcome.error_json.c_str();
    }
    done(user_data, &result);
    LeaveCall(keep.get());
  };
}

extern "C" rexian_status HostRecordEvent(rexian_host* host, const char* stream,
                                         const char* event_type, const char* payload_json,
                                         std::size_t payload_len, const char* event_id,
                                         rexian_call_done done, void* user_data) {
  if (host == nullptr || done == nullptr) return REXIAN_INVALID;
  if (host->writes == nullptr) return REXIAN_UNAVAILABLE;
  if (!EnterCall(host)) return REXIAN_UNAVAILABLE;
  std::string payload = payload_json == nullptr ? "" : std::string(payload_json, payload_len);
  Status s = host->writes->RecordEvent(host->writer, stream == nullptr ? "" : stream,
                                       event_type == nullptr ? "" : event_type, std::move(payload),
                                       event_id == nullptr ? "" : event_id,
                                       AnswerCall(host, done, user_data));
  if (!s.ok()) {
    LeaveCall(host);
    host->Log(REXIAN_LOG_WARN, "record_event refused: " + s.message());
    return REXIAN_INVALID;
  }
  return REXIAN_OK;
}

extern "C" rexian_status HostTicketCommand(rexian_host* host, const char* ticket,
                                           const char* action, const char* body_json,
                                           std::size_t body_len, const char* idempotency_key,
                                           rexian_call_done done, void* user_data) {
  if (host == nullptr || done == nullptr) return REXIAN_INVALID;
  if (host->writes == nullptr) return REXIAN_UNAVAILABLE;
  if (!EnterCall(host)) return REXIAN_UNAVAILABLE;
  host->writes->TicketCommand(host->writer, ticket == nullptr ? "" : ticket,
                              action == nullptr ? "" : action,
                              body_json == nullptr ? "" : std::string(body_json, body_len),
                              idempotency_key == nullptr ? "" : idempotency_key,
                              AnswerCall(host, done, user_data));
  return REXIAN_OK;
}

const rexian_host_api kTable = {
    .struct_size = sizeof(rexian_host_api),
    .abi_version = kHostAbiVersion,
    .log = HostLog,
    .submit_contact = HostSubmit,
    .register_route = HostRegisterRoute,
    .respond = HostRespond,
    .counter_add = HostCounterAdd,
    .gauge_set = HostGaugeSet,
    .config_section = HostConfigSection,
    .get_ticket = HostGetTicket,
    .list_tickets = HostListTickets,
    .find_contact = HostFindContact,
    .channel = HostChannel,
    .record_event = HostRecordEvent,
    .ticket_command = HostTicketCommand,
};

}  // namespace

const rexian_host_api* HostApiTable() { return &kTable; }

bool CloseSubmits(rexian_host* host, std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(host->mu);
  host->submits_open = false;
  return host->submits_idle.wait_until(lock, deadline,
                                       [host] { return host->submits_in_flight == 0; });
}

}  // namespace rexian
