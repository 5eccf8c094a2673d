// RunTicketCommand: body -> command -> TicketService::Execute.
#include "api/ticket_command_run.h"

#include <variant>

#include "api/ticket_commands.h"

namespace rexian::api {
namespace {

std::string TicketIdOf(std::string_view id_or_number) {
  if (id_or_number.rfind("ticket-", 0) == 0) return std::string(id_or_number);
  return "ticket-" + std::string(id_or_number);
}

// The earlier outcome of an idempotent retry, if there was one.
std::optional<TicketCommandResult> Written(TicketService* service, const std::string& key) {
  if (key.empty()) return std::nullopt;
  auto written = service->FindWritten(key + "#0");
  if (!written.ok()) return std::nullopt;
  return std::move(written).value();
}

}  // namespace

void RunTicketCommand(TicketService* service, TicketCommandRequest request, JsonBody body,
                      TicketCommandDone done) {
  auto refuse = [&done](Status s, bool malformed = false) {
    done(TicketCommandOutcome{Result<TicketCommandResult>(std::move(s)), malformed});
  };
  if (auto earlier = Written(service, request.idempotency_key)) {
    done(TicketCommandOutcome{std::move(*earlier), false});
    return;
  }
  Result<ticket::Command> command = Status::NotFound("");
  if (IsDispatchAction(request.action)) {
    DispatchRequest dispatch = ParseDispatchRequest(body);
    if (body.status().ok()) {
      auto loaded = service->Load(request.ticket_id, /*plaintext=*/true);
      if (!loaded.ok()) return refuse(loaded.status());
      command = service->PlanDispatch(*loaded, dispatch, request.action, request.now);
    }
  } else {
    command = ParseCommand(request.action, body);
  }
  if (!body.status().ok()) return refuse(body.status(), /*malformed=*/true);
  if (!command.ok()) return refuse(command.status());
  if (auto* classify = std::get_if<ticket::Classify>(&*command)) {
    Status s = service->CheckClassification(ticket::Classification{
        classify->type_code, classify->domain_code, classify->subcategory_code});
    if (!s.ok()) return refuse(s);
  }
  if (auto* merge = std::get_if<ticket::MergeInto>(&*command)) {
    std::string target = TicketIdOf(merge->target_number);
    merge->target_number = target.substr(7);
    auto version = service->log()->store()->StreamVersion(target);
    if (!version.ok() || *version == 0) {
      return refuse(Status::InvalidArgument("/into: no ticket '" + merge->target_number + "'"));
    }
  }
  const std::string key = request.idempotency_key;
  service->Execute(request.ticket_id, request.expected_version, std::move(*command), request.actor,
                   request.now, key,
                   [service, key, done = std::move(done)](Result<TicketCommandResult> r) {
                     // A concurrent retry of the same command won the race.
                     if (!r.ok() && !key.empty()) {
                       if (auto earlier = Written(service, key)) r = std::move(*earlier);
                     }
                     done(TicketCommandOutcome{std::move(r), false});
                   });
}

}  // namespace rexian::api
