// What the ticket tests share: fixed instants, actors, valid commands, and a
// TicketHistory that folds Decide/Evolve and checks every event against the
// shipped schemas.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "rexian/schema_registry.h"
#include "rexian/ticket.h"

namespace rexian::testing {

namespace tk = rexian::ticket;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using tk::Time;

// Monday 2025-03-03 09:00 in Beijing (01:00 UTC): every test's time zero.
inline Time T0() {
  using namespace std::chrono;
  return sys_days{year{2025} / March / 3} + hours{1};
}
inline Time At(hours h) { return T0() + h; }

inline constexpr char kNumber[] = "3203-2025-000042";
inline constexpr char kOtherNumber[] = "3203-2025-000007";
inline constexpr char kPlatform[] = "3203";
inline constexpr char kLead[] = "3203-019";       // tourism
inline constexpr char kAssisting[] = "3203-006";  // police
inline constexpr char kStranger[] = "3203-003";   // education
inline constexpr char kOtherLead[] = "3203-021";  // re-dispatch target

// The deadlines the standard dispatch sets.
inline Time AckDeadline() { return At(hours{24}); }
inline Time Deadline() { return At(hours{72}); }

inline tk::Actor Agent() { return tk::UserActor("demo-agent", Role::kAgent); }
inline tk::Actor Supervisor() { return tk::UserActor("demo-supervisor", Role::kSupervisor); }
inline tk::Actor Admin() { return tk::UserActor("demo-admin", Role::kAdmin); }
inline tk::Actor Operator() { return tk::UserActor("demo-operator", Role::kOperator); }
inline tk::Actor Integrator() { return tk::UserActor("demo-integrator", Role::kIntegrator); }
inline tk::Actor LeadUser() { return tk::UserActor("tourism-handler", Role::kDepartment, kLead); }
inline tk::Actor AssistingUser() {
  return tk::UserActor("police-handler", Role::kDepartment, kAssisting);
}
inline tk::Actor StrangerUser() {
  return tk::UserActor("education-handler", Role::kDepartment, kStranger);
}
inline tk::Actor Watcher() { return tk::SystemActor("deadline-watcher"); }

// The registry of this source tree's schemas/, loaded once.
inline const SchemaRegistry& Schemas() {
  static const std::unique_ptr<SchemaRegistry> registry = [] {
    auto loaded = SchemaRegistry::Load(std::string(REXIAN_SOURCE_DIR) + "/schemas");
    if (!loaded.ok()) {
      std::fprintf(stderr, "cannot load schemas: %s\n", loaded.status().ToString().c_str());
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return *registry;
}

// The metadata an appender would build for an event of this command.
inline boost::json::object MetadataFor(const tk::CommandContext& context);

// Checks each event's payload, and the metadata it would carry, against the
// shipped schemas.
inline void RequireSchemaValid(const std::vector<tk::PendingEvent>& events,
                               const tk::CommandContext& context) {
  for (const tk::PendingEvent& event : events) {
    const Status status = Schemas().ValidateEvent(event.type, event.schema_version,
                                                  boost::json::value(event.payload));
    INFO(event.type << " " << boost::json::serialize(event.payload));
    REQUIRE(status.ToString() == "OK");
  }
  const Status metadata = Schemas().ValidateMetadata(boost::json::value(MetadataFor(context)));
  REQUIRE(metadata.ToString() == "OK");
}

// Decide with the schema check on whatever comes out.
inline Result<std::vector<tk::PendingEvent>> DecideChecked(const tk::TicketState& state,
                                                           const tk::Command& command,
                                                           const tk::CommandContext& context) {
  Result<std::vector<tk::PendingEvent>> result = tk::Decide(state, command, context);
  if (result.ok()) RequireSchemaValid(result.value(), context);
  return result;
}

inline tk::CommandContext Context(const tk::Actor& actor, Time at) {
  return tk::CommandContext{actor, at, hours{8}};
}

// Event types, in order.
inline std::vector<std::string> TypesOf(const std::vector<tk::PendingEvent>& events) {
  std::vector<std::string> types;
  for (const tk::PendingEvent& event : events) types.push_back(event.type);
  return types;
}

// A stored event as Evolve sees it.
struct StoredEvent {
  std::string type;
  boost::json::object payload;
  Time occurred_at;
};

// A ticket's stream, grown one command at a time through Decide and Evolve.
class TicketHistory {
 public:
  // Decides `command`; on success appends and applies its events.
  Result<std::vector<tk::PendingEvent>> Try(const tk::Command& command, const tk::Actor& actor,
                                            Time at) {
    const tk::CommandContext context = Context(actor, at);
    Result<std::vector<tk::PendingEvent>> result = DecideChecked(state_, command, context);
    if (result.ok()) {
      for (const tk::PendingEvent& event : result.value()) {
        log_.push_back({event.type, event.payload, at});
        tk::Evolve(state_, event.type, event.payload, at);
      }
    }
    return result;
  }

  // Like Try, but the command must succeed; returns the event types.
  std::vector<std::string> Do(const tk::Command& command, const tk::Actor& actor, Time at) {
    auto result = Try(command, actor, at);
    INFO(tk::CommandName(command) << " in '" << tk::StatusName(state_.status)
                                  << "': " << result.status().ToString());
    REQUIRE(result.ok());
    return TypesOf(result.value());
  }

  const tk::TicketState& state() const { return state_; }
  const std::vector<StoredEvent>& log() const { return log_; }

  // A fresh state folded from the whole log.
  tk::TicketState Replay() const {
    tk::TicketState state;
    for (const StoredEvent& event : log_)
      tk::Evolve(state, event.type, event.payload, event.occurred_at);
    return state;
  }

 private:
  tk::TicketState state_;
  std::vector<StoredEvent> log_;
};

// ---------------------------------------------------------------- valid commands

inline tk::Open OpenCommand() {
  tk::Open open;
  open.number = kNumber;
  open.platform_code = kPlatform;
  open.level = tk::Level::kCity;
  open.channel = "phone";
  open.contact = tk::ContactReference{"call-20250303-0001", At(hours{0})};
  open.citizen =
      tk::CitizenContact{std::nullopt, "张先生", "13800000000", std::nullopt, std::nullopt};
  open.text = "云龙湖景区停车场收费不明码标价";
  open.urgency = tk::Urgency::kNormal;
  return open;
}

inline tk::Classify ClassifyCommand() {
  return {"consultation", "livelihood", "medical_insurance"};
}

inline tk::Assignment StandardAssignment() {
  tk::Assignment assignment;
  assignment.lead_department = kLead;
  assignment.assisting_departments = {kAssisting};
  assignment.deadline = Deadline();
  assignment.acknowledge_deadline = AckDeadline();
  assignment.sla_policy_id = "complaint-5wd";
  assignment.routing_rule_id = "tourism-parking";
  return assignment;
}

inline tk::Dispatch DispatchCommand() { return {StandardAssignment()}; }

inline tk::RecordFollowUp FollowUpCommand(tk::Rating rating, bool solved) {
  return tk::RecordFollowUp{rating, solved, std::nullopt, tk::FollowUpMethod::kPhone};
}

inline tk::Reopen ReopenCommand(Time deadline) {
  return tk::Reopen{"市民表示停车场仍未公示收费标准", deadline, std::nullopt, "reopen-3wd"};
}

inline boost::json::object MetadataFor(const tk::CommandContext& context) {
  boost::json::object actor;
  actor["user"] = context.actor.user;
  actor["role"] = tk::ActorRoleName(context.actor);
  boost::json::object metadata;
  metadata["actor"] = std::move(actor);
  // occurred_at in UTC, RFC 3339.
  const auto day = std::chrono::floor<std::chrono::days>(context.occurred_at);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss clock{context.occurred_at - day};
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  metadata["occurred_at"] = text;
  return metadata;
}

}  // namespace rexian::testing
