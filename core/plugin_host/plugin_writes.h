// PluginWrites: what a plugin may write besides contacts (plugin ABI 1.1):
// its own channel records (record_event) and work-order commands
// (ticket_command), with the checks and answers rexian/plugin.h promises.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "rexian/config.h"
#include "rexian/status.h"
#include "rexian/ticket.h"

namespace rexian {

class EventLog;
class Intake;
class TicketService;

// Who writes: one plugin instance.
struct PluginWriter {
  std::string instance;  // configured instance name, "phone"
  std::string channel;   // its channel, "phone"
  Role role = Role::kIntegrator;  // its `actor_role`
};

// The outcome of one write, as rexian_call_result carries it.
struct PluginCallOutcome {
  Status status;
  std::uint64_t position = 0;
  bool duplicate = false;
  std::string result_json;  // OK: the result document; else ""
  std::string error_json;   // not OK: {"error": code, "message", "fields": [...]}; else ""
};
using PluginCallDone = std::function<void(PluginCallOutcome)>;

// The event types plugins may write: their first segment.
bool IsPluginEventType(std::string_view type);

// The metadata actor of a plugin's writes: user "plugin:<instance>" in its role.
ticket::Actor PluginActor(const PluginWriter& writer);

// Thread-safe; holds no state of its own beyond the pointers.
class PluginWrites {
 public:
  // REQUIRES: the pointers outlive the object; `clock` gives the domain's now.
  PluginWrites(EventLog* log, TicketService* tickets, Intake* intake,
               std::function<ticket::Time()> clock);

  // Checks the arguments (InvalidArgument naming the argument, `done` not
  // called): the type must be a plugin type with a schema, the stream
  // "<type's first segment>-<key>" with key [A-Za-z0-9._:-]{1,96}, the
  // event id 1..200 bytes. Then validates and appends the event (expected
  // version "any") and calls `done` once: OK with the position (the
  // original one and duplicate = true when `writer` already wrote this event
  // id), or InvalidArgument with the schema's complaints as fields.
  //
  // Event ids are scoped to the instance ("plugin-" + SHA-256 of instance
  // and id), so two plugins cannot collide. When the payload has a
  // "citizen" object with a string "id" (the channel's citizen id, as in a
  // contact), the personal fields are sealed under the pseudonym intake
  // gives that citizen on the writer's channel: forgetting the citizen
  // covers these records too.
  Status RecordEvent(const PluginWriter& writer, const std::string& stream,
                     const std::string& type, std::string payload_json,
                     const std::string& event_id, PluginCallDone done);

  // Runs POST /v1/tickets/{ticket}/{action} with `body_json` as the
  // writer's actor (api::RunTicketCommand); a member "expected_version"
  // (integer >= 1) of the body is the If-Match. `idempotency_key` ("" for
  // none) is scoped to the writer, the ticket and the action as the HTTP
  // API scopes its Idempotency-Key to the user. `done` is called once.
  void TicketCommand(const PluginWriter& writer, const std::string& ticket,
                     const std::string& action, const std::string& body_json,
                     const std::string& idempotency_key, PluginCallDone done);

 private:
  EventLog* log_;
  TicketService* tickets_;
  Intake* intake_;
  std::function<ticket::Time()> clock_;
};

}  // namespace rexian
