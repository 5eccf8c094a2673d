// ticket::Evolve: folds one stored event into the ticket state.
#include <algorithm>
#include <array>
#include <utility>

#include "ticket_names.h"
#include "ticket_payload_reader.h"
#include "ticket_payloads.h"

namespace rexian::ticket {
namespace {

namespace json = boost::json;

using Apply = void (*)(TicketState&, const json::object&, Time);

void Remember(std::vector<Time>& deadlines, Time deadline) {
  if (std::find(deadlines.begin(), deadlines.end(), deadline) == deadlines.end()) {
    deadlines.push_back(deadline);
  }
}

DeadlineWatch* WatchOf(TicketState& state, const json::object& payload) {
  const std::optional<std::string> stage = ReadString(payload, "stage");
  const std::optional<DeadlineStage> parsed = stage ? ParseDeadlineStage(*stage) : std::nullopt;
  if (!parsed) return nullptr;
  return *parsed == DeadlineStage::kAcknowledgement ? &state.acknowledgement_watch
                                                    : &state.resolution_watch;
}

void ApplyOpened(TicketState& state, const json::object& payload, Time at) {
  if (state.status != TicketStatus::kNew) return;  // a ticket opens once
  state.number = ReadString(payload, "number").value_or("");
  state.platform_code = ReadString(payload, "platform").value_or("");
  state.level = ParseLevel(ReadString(payload, "level").value_or("")).value_or(Level::kCity);
  state.channel = ReadString(payload, "channel").value_or("");
  state.urgency =
      ParseUrgency(ReadString(payload, "urgency").value_or("")).value_or(Urgency::kNormal);
  state.session_id = ReadString(payload, "livestream_session");
  state.opened_at = at;
  const json::object* classification = ReadObject(payload, "classification");
  if (classification != nullptr) state.classification = ReadClassification(*classification);
  state.status = state.classification ? TicketStatus::kClassified : TicketStatus::kReceived;
}

void ApplyClassified(TicketState& state, const json::object& payload, Time) {
  std::optional<Classification> classification = ReadClassification(payload);
  if (!classification) return;
  state.classification = std::move(classification);
  if (state.status == TicketStatus::kReceived) state.status = TicketStatus::kClassified;
}

void ApplyAnswered(TicketState& state, const json::object&, Time at) {
  state.status = TicketStatus::kAnswered;
  state.answered_at = at;
}

// ticket.dispatched and ticket.redispatched: a new dispatch replaces the last.
void ApplyDispatched(TicketState& state, const json::object& payload, Time) {
  state.status = TicketStatus::kDispatched;
  state.dispatch_number = ReadCount(payload, "dispatch_number").value_or(state.dispatch_number + 1);
  state.lead_department = ReadString(payload, "lead_department").value_or("");
  state.assisting_departments = ReadStrings(payload, "assisting_departments");
  state.original_deadline = ReadTime(payload, "deadline");
  state.deadline = state.original_deadline;
  state.acknowledge_deadline = ReadTime(payload, "acknowledge_deadline");
  state.sla_policy_id = ReadString(payload, "sla_policy").value_or("");
  state.routing_rule_id = ReadString(payload, "routing_rule");
  state.acknowledged_at.reset();
  state.pending_extension.reset();
  state.acknowledgement_watch = {};
  state.resolution_watch = {};
}

void ApplyAcknowledged(TicketState& state, const json::object&, Time at) {
  state.status = TicketStatus::kAcknowledged;
  state.acknowledged_at = at;
}

void ApplyReturned(TicketState& state, const json::object&, Time) {
  state.status = TicketStatus::kReturned;
  ++state.returns;
}

void ApplyProgressNoted(TicketState& state, const json::object&, Time) { ++state.progress_notes; }

void ApplyExtensionRequested(TicketState& state, const json::object& payload, Time at) {
  ++state.extension_requests;
  const std::optional<Time> requested = ReadTime(payload, "requested_deadline");
  if (!requested) return;
  state.pending_extension = PendingExtension{
      ReadString(payload, "department").value_or(state.lead_department), *requested, at};
}

void ApplyExtensionApproved(TicketState& state, const json::object& payload, Time) {
  ++state.extensions_approved;
  if (std::optional<Time> deadline = ReadTime(payload, "new_deadline")) state.deadline = deadline;
  state.pending_extension.reset();
}

void ApplyExtensionRefused(TicketState& state, const json::object&, Time) {
  ++state.extensions_refused;
  state.pending_extension.reset();
}

void ApplyUrged(TicketState& state, const json::object&, Time) { ++state.urges; }

void ApplySupervised(TicketState& state, const json::object&, Time) { ++state.supervisions; }

void ApplyResolved(TicketState& state, const json::object&, Time at) {
  state.status = TicketStatus::kResolved;
  ++state.resolutions;
  state.resolved_at = at;
  // On time (按时办结): no later than the deadline in force, original or extended.
  state.on_time = state.deadline ? std::optional<bool>(at <= *state.deadline) : std::nullopt;
  state.pending_extension.reset();
}

void ApplyFollowedUp(TicketState& state, const json::object& payload, Time at) {
  const std::optional<Rating> rating = ParseRating(ReadString(payload, "rating").value_or(""));
  if (rating)
    state.follow_ups.push_back({*rating, ReadBool(payload, "solved").value_or(false), at});
  state.status = TicketStatus::kFollowedUp;
}

// Back to the departments under the current dispatch; the ticket.redispatched
// Decide appends right after it brings the new deadline.
void ApplyReopened(TicketState& state, const json::object&, Time) {
  ++state.reopens;
  state.status = TicketStatus::kDispatched;
  state.resolved_at.reset();
  state.on_time.reset();
  state.acknowledged_at.reset();
}

void ApplyClosed(TicketState& state, const json::object& payload, Time at) {
  state.status = TicketStatus::kClosed;
  state.closed_outcome = ReadString(payload, "outcome");
  state.closed_at = at;
}

void ApplyMerged(TicketState& state, const json::object& payload, Time) {
  state.status = TicketStatus::kMerged;
  state.merged_into = ReadString(payload, "into");
}

void ApplyDeadlineWarning(TicketState& state, const json::object& payload, Time) {
  DeadlineWatch* watch = WatchOf(state, payload);
  const std::optional<Time> deadline = ReadTime(payload, "deadline");
  if (watch != nullptr && deadline) Remember(watch->warned, *deadline);
}

void ApplyOverdue(TicketState& state, const json::object& payload, Time) {
  DeadlineWatch* watch = WatchOf(state, payload);
  const std::optional<Time> deadline = ReadTime(payload, "deadline");
  if (watch != nullptr && deadline) Remember(watch->overdue, *deadline);
}

void ApplyContactAdded(TicketState& state, const json::object&, Time) { ++state.contacts_added; }

constexpr std::array<std::pair<std::string_view, Apply>, 21> kAppliers{{
    {event_type::kOpened, ApplyOpened},
    {event_type::kClassified, ApplyClassified},
    {event_type::kAnswered, ApplyAnswered},
    {event_type::kDispatched, ApplyDispatched},
    {event_type::kAcknowledged, ApplyAcknowledged},
    {event_type::kReturned, ApplyReturned},
    {event_type::kRedispatched, ApplyDispatched},
    {event_type::kProgressNoted, ApplyProgressNoted},
    {event_type::kExtensionRequested, ApplyExtensionRequested},
    {event_type::kExtensionApproved, ApplyExtensionApproved},
    {event_type::kExtensionRefused, ApplyExtensionRefused},
    {event_type::kUrged, ApplyUrged},
    {event_type::kSupervised, ApplySupervised},
    {event_type::kResolved, ApplyResolved},
    {event_type::kFollowedUp, ApplyFollowedUp},
    {event_type::kReopened, ApplyReopened},
    {event_type::kClosed, ApplyClosed},
    {event_type::kMerged, ApplyMerged},
    {event_type::kDeadlineWarning, ApplyDeadlineWarning},
    {event_type::kOverdue, ApplyOverdue},
    {event_type::kContactAdded, ApplyContactAdded},
}};

}  // namespace

void Evolve(TicketState& state, std::string_view type, const json::object& payload,
            Time occurred_at) {
  ++state.version;
  for (const auto& [name, apply] : kAppliers) {
    if (name == type) {
      apply(state, payload, occurred_at);
      return;
    }
  }
  // Unknown type: written by a newer build; nothing here depends on it.
}

}  // namespace rexian::ticket
