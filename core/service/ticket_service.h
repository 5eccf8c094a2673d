// TicketService: runs work-order commands against the log (load, decide, append).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rexian/config.h"
#include "rexian/event_log.h"
#include "rexian/ticket.h"
#include "service/ticket_numbers.h"

namespace rexian {

// What a command wrote.
struct TicketCommandResult {
  std::string id;       // stream id, "ticket-<number>"
  std::string number;
  std::uint64_t version = 0;   // stream version after the command
  std::uint64_t position = 0;  // log position of the last event (0 if none)
  std::vector<std::string> events;  // event types written, in order
  bool duplicate = false;      // an idempotent retry: nothing new was written
};
using TicketCallback = std::function<void(Result<TicketCommandResult>)>;

// A ticket folded from its stream, plus the citizen its personal data is
// sealed under (from the ticket.opened metadata).
struct LoadedTicket {
  std::string id;
  std::string citizen;
  ticket::TicketState state;
  std::string text;  // the request text, when loaded with plaintext access
};

// Opening request: ticket::Open without the number (allocated here).
struct OpenTicketRequest {
  ticket::Open open;            // number, level are filled in by the service
  std::string citizen;          // pseudonymous citizen id; "" for anonymous
  std::string idempotency_key;  // e.g. channel + message id; "" for none
};

// Dispatch, redispatch or reopen as the API asks for it: departments are
// optional (routing rules decide), the deadline always comes from the SLA.
struct DispatchRequest {
  std::optional<std::string> lead_department;
  std::vector<std::string> assisting_departments;
  std::optional<std::string> instructions;
  std::optional<std::string> reason;  // redispatch / reopen
};

// Thread-safe. Reads go straight to the store; every write goes through the
// EventLog with the expected stream version, so two writers acting on one
// ticket cannot both win.
class TicketService {
 public:
  // REQUIRES: log and config outlive the service.
  TicketService(EventLog* log, const Config* config);

  // Folds a ticket's stream. NotFound when it has no events. With
  // `plaintext`, the request text is revealed too (for routing keywords).
  Result<LoadedTicket> Load(std::string_view id, bool plaintext = false);

  // Opens a ticket: allocates the number on the receiving platform, checks
  // the classification codes against the taxonomy, appends ticket.opened (and
  // ticket.classified when a classification came with it). An idempotency
  // key already used answers with the original ticket, writing nothing.
  void Open(OpenTicketRequest request, const ticket::Actor& actor, ticket::Time now,
            TicketCallback done);

  // Runs `command` on ticket `id`, expecting `expected_version` (nullopt:
  // the version just loaded). `idempotency_key` (may be empty) names the
  // events so a retried request writes nothing twice.
  void Execute(const std::string& id, std::optional<std::uint64_t> expected_version,
               ticket::Command command, const ticket::Actor& actor, ticket::Time now,
               const std::string& idempotency_key, TicketCallback done);

  // Like Execute, but decides on `known` (the caller's own copy of the
  // ticket, kept current by running every one of its commands on the ticket
  // through ExecuteOn) instead of reading the stream. The append expects
  // known->state.version, so a ticket someone else changed meanwhile is a
  // Conflict and `known` is left as it was. On success `known` has evolved
  // by the events written (plaintext payloads: personal fields are not
  // redacted as in Load). For a writer that owns its tickets (the
  // simulator): it saves reading and folding the stream per command.
  // REQUIRES: nobody else touches *known until `done` runs.
  void ExecuteOn(std::shared_ptr<LoadedTicket> known, ticket::Command command,
                 const ticket::Actor& actor, ticket::Time now, const std::string& idempotency_key,
                 TicketCallback done);

  // Turns a dispatch request into the Dispatch / Redispatch / Reopen command
  // for the ticket's state: routing rules pick departments not given, the SLA
  // policies give the deadlines. `kind` is "dispatch", "redispatch" or "reopen".
  Result<ticket::Command> PlanDispatch(const LoadedTicket& ticket, const DispatchRequest& request,
                                       std::string_view kind, ticket::Time now);

  // The ticket an event with this id was written to, as an idempotent
  // retry's answer (duplicate = true, events = {the event's type}).
  // NotFound when no such event exists.
  Result<TicketCommandResult> FindWritten(const std::string& event_id);

  // Checks taxonomy codes (type, domain, sub-category) against the config.
  Status CheckClassification(const ticket::Classification& c) const;

  std::chrono::minutes utc_offset() const { return utc_offset_; }
  const Config& config() const { return *config_; }
  EventLog* log() const { return log_; }

 private:
  void AppendDecided(const std::string& id, const std::string& number, const std::string& citizen,
                     ExpectedVersion expected, std::vector<ticket::PendingEvent> events,
                     const ticket::Actor& actor, ticket::Time now, const std::string& idempotency_key,
                     TicketCallback done);
  void TryOpen(std::shared_ptr<OpenTicketRequest> request, ticket::Actor actor, ticket::Time now,
               int attempt, TicketCallback done);

  EventLog* log_;
  const Config* config_;
  TicketNumbers numbers_;
  std::chrono::minutes utc_offset_;
};

}  // namespace rexian
