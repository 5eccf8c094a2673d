// AnswerExecWrite: the asynchronous writes, waited for on the exec supervisor's thread.
#include "plugin_host/exec_writes.h"

#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "api/json_body.h"

namespace rexian {
namespace {

namespace json = boost::json;

constexpr auto kWriteWait = std::chrono::seconds(10);

// The outcome of one write, handed from the host's thread to the waiter.
struct Waiter {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  PluginCallOutcome outcome;
};

// The error document's message and fields as one line, for the result's error.
std::string Explain(const PluginCallOutcome& o) {
  boost::system::error_code ec;
  json::value doc = json::parse(o.error_json, ec);
  if (ec || !doc.is_object()) return o.status.message();
  std::string text = o.status.message();
  if (const json::value* fields = doc.as_object().if_contains("fields");
      fields != nullptr && fields->is_array() && !fields->as_array().empty()) {
    text += " (fields:";
    for (const json::value& f : fields->as_array()) {
      if (f.is_object()) text += " " + json::serialize(f);
    }
    text += ")";
  }
  return text;
}

Result<std::string> Wait(const std::shared_ptr<Waiter>& waiter) {
  std::unique_lock lock(waiter->mu);
  if (!waiter->cv.wait_for(lock, kWriteWait, [&] { return waiter->done; })) {
    return Status::DeadlineExceeded("the write took longer than 10 s; it may still complete");
  }
  const PluginCallOutcome& o = waiter->outcome;
  if (!o.status.ok()) {
    const std::string why = Explain(o);
    switch (o.status.code()) {
      case Status::Code::kNotFound: return Status::NotFound(why);
      case Status::Code::kPermissionDenied: return Status::PermissionDenied(why);
      case Status::Code::kConflict: return Status::Conflict(why);
      case Status::Code::kInvalidArgument: return Status::InvalidArgument(why);
      case Status::Code::kUnavailable:
      case Status::Code::kNoSpace: return Status::Unavailable(why);
      default: return o.status;
    }
  }
  boost::system::error_code ec;
  json::value result = json::parse(o.result_json, ec);
  return json::serialize(json::object{{"position", o.position},
                                      {"duplicate", o.duplicate},
                                      {"result", ec ? json::value(nullptr) : std::move(result)}});
}

PluginCallDone Notify(const std::shared_ptr<Waiter>& waiter) {
  return [waiter](PluginCallOutcome outcome) {
    std::lock_guard lock(waiter->mu);
    waiter->outcome = std::move(outcome);
    waiter->done = true;
    waiter->cv.notify_all();
  };
}

}  // namespace

std::optional<Result<std::string>> AnswerExecWrite(PluginWrites* writes,
                                                   const PluginWriter& writer,
                                                   std::string_view query,
                                                   const json::object& args) {
  if (query != "record_event" && query != "ticket_command") return std::nullopt;
  if (writes == nullptr) {
    return Result<std::string>(Status::Unavailable("this host takes no writes from plugins"));
  }
  api::JsonBody body(args, "/args");
  auto waiter = std::make_shared<Waiter>();
  if (query == "record_event") {
    body.OnlyKeys({"stream", "event_type", "payload", "event_id"});
    const std::string stream = body.Str("stream");
    const std::string type = body.Str("event_type");
    const std::string event_id = body.Str("event_id");
    const json::value* payload = args.if_contains("payload");
    if (payload == nullptr || !payload->is_object()) body.Fail("payload", "an object");
    if (!body.status().ok()) return Result<std::string>(body.status());
    Status s = writes->RecordEvent(writer, stream, type, json::serialize(*payload), event_id,
                                   Notify(waiter));
    if (!s.ok()) return Result<std::string>(s);
    return Wait(waiter);
  }
  body.OnlyKeys({"ticket", "action", "body", "idempotency_key"});
  const std::string ticket = body.Str("ticket");
  const std::string action = body.Str("action");
  const std::string key = body.OptStr("idempotency_key").value_or("");
  const json::value* command_body = args.if_contains("body");
  if (command_body != nullptr && !command_body->is_object()) body.Fail("body", "an object");
  if (!body.status().ok()) return Result<std::string>(body.status());
  writes->TicketCommand(writer, ticket, action,
                        command_body == nullptr ? "{}" : json::serialize(*command_body), key,
                        Notify(waiter));
  return Wait(waiter);
}

}  // namespace rexian
