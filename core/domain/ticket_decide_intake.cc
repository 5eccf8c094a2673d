// Decide for the platform's intake commands: open, classify, answer on first
// contact, dispatch, re-dispatch, merge.
#include <string>

#include "ticket_assignment.h"
#include "ticket_decide.h"
#include "ticket_errors.h"
#include "ticket_fields.h"
#include "ticket_payloads.h"

namespace rexian::ticket {
namespace {

constexpr std::string_view kOpen = "open";

void CheckClassification(FieldCheck& check, const Classification& classification) {
  check.Code("type_code", classification.type_code, CodeShape::kTaxonomyCode)
      .Code("domain_code", classification.domain_code, CodeShape::kTaxonomyCode)
      .Code("subcategory_code", classification.subcategory_code, CodeShape::kTaxonomyCode);
}

void CheckCitizen(FieldCheck& check, const CitizenContact& citizen) {
  check.Text("citizen.channel_id", citizen.channel_id, 256)
      .Text("citizen.name", citizen.name, 100)
      .Code("citizen.phone", citizen.phone, CodeShape::kPhone)
      .Code("citizen.wechat_openid", citizen.wechat_openid, CodeShape::kWechatOpenId)
      .Email("citizen.email", citizen.email);
}

void CheckLocation(FieldCheck& check, const Location& location) {
  check.Text("location.address", location.address, 500)
      .Within("location.lat", location.lat, -90, 90)
      .Within("location.lon", location.lon, -180, 180)
      .Code("location.district_code", location.district_code, CodeShape::kOrganisationCode);
}

void CheckAttachments(FieldCheck& check, const std::vector<Attachment>& attachments) {
  check.Require(attachments.size() <= 20, "attachments", "must have at most 20 items");
  for (const Attachment& attachment : attachments) {
    check.Text("attachments.ref", attachment.ref, 2048)
        .Text("attachments.name", attachment.name, 255);
  }
}

Status CheckOpen(const Open& open) {
  FieldCheck check(kOpen);
  check.Code("number", open.number, CodeShape::kTicketNumber)
      .Code("platform_code", open.platform_code, CodeShape::kOrganisationCode)
      .Code("channel", open.channel, CodeShape::kChannel);
  if (open.contact) {
    check.Text("contact.channel_message_id", open.contact->channel_message_id, 256)
        .Writable("contact.received_at", open.contact->received_at);
  }
  if (open.citizen) CheckCitizen(check, *open.citizen);
  check.Text("subject", open.subject, 200).Text("text", open.text, 10000);
  if (open.location) CheckLocation(check, *open.location);
  if (open.classification) CheckClassification(check, *open.classification);
  check.Code("session_id", open.session_id, CodeShape::kConfigId);
  CheckAttachments(check, open.attachments);
  return check.status();
}

}  // namespace

Result<Events> DecideCommand(const TicketState& state, const Open& command,
                             const CommandContext& context) {
  if (state.status != TicketStatus::kNew) return StateConflict(state, kOpen, "twice");
  if (Status status = CheckOpen(command); !status.ok()) return status;
  return Events{MakeEvent(event_type::kOpened, OpenedPayload(command, context.utc_offset))};
}

Result<Events> DecideCommand(const TicketState& state, const Classify& command,
                             const CommandContext&) {
  // Any open ticket may be (re)classified; the deadline in force is not changed.
  const Classification next{command.type_code, command.domain_code, command.subcategory_code};
  FieldCheck check("classify");
  CheckClassification(check, next);
  if (!check.status().ok()) return check.status();
  if (state.classification == next) return Events{};
  return Events{MakeEvent(event_type::kClassified, ClassifiedPayload(next, state.classification))};
}

Result<Events> DecideCommand(const TicketState& state, const AnswerOnFirstContact& command,
                             const CommandContext&) {
  constexpr std::string_view kName = "answer_on_first_contact";
  if (state.status != TicketStatus::kReceived && state.status != TicketStatus::kClassified) {
    return StateConflict(state, kName, "after its first contact was handled");
  }
  FieldCheck check(kName);
  check.Text("answer", command.answer, 10000)
      .Code("knowledge_article", command.knowledge_article, CodeShape::kConfigId);
  if (!check.status().ok()) return check.status();
  return Events{MakeEvent(event_type::kAnswered, AnsweredPayload(command))};
}

Result<Events> DecideCommand(const TicketState& state, const Dispatch& command,
                             const CommandContext& context) {
  constexpr std::string_view kName = "dispatch";
  switch (state.status) {
    case TicketStatus::kClassified:
      break;
    case TicketStatus::kReceived:
      return StateConflict(state, kName, "before it is classified with a type and a domain");
    case TicketStatus::kReturned:
      return StateConflict(state, kName, "again: a returned ticket takes 'redispatch'");
    default:
      return StateConflict(state, kName);
  }
  FieldCheck check(kName);
  CheckAssignment(check, command.assignment, context.occurred_at);
  if (!check.status().ok()) return check.status();
  return Events{MakeEvent(event_type::kDispatched,
                          DispatchedPayload(state.dispatch_number + 1, command.assignment,
                                            std::nullopt, context.utc_offset))};
}

Result<Events> DecideCommand(const TicketState& state, const Redispatch& command,
                             const CommandContext& context) {
  constexpr std::string_view kName = "redispatch";
  if (state.status != TicketStatus::kReturned && state.status != TicketStatus::kDispatched) {
    return StateConflict(state, kName, "unless it was returned or is not yet acknowledged");
  }
  if (Status status = CheckDispatchesLeft(state, kName); !status.ok()) return status;
  FieldCheck check(kName);
  CheckAssignment(check, command.assignment, context.occurred_at);
  check.Text("reason", command.reason, 2000);
  if (!check.status().ok()) return check.status();
  return Events{MakeEvent(event_type::kRedispatched,
                          DispatchedPayload(state.dispatch_number + 1, command.assignment,
                                            command.reason, context.utc_offset))};
}

Result<Events> DecideCommand(const TicketState& state, const MergeInto& command,
                             const CommandContext&) {
  // Any open ticket may be merged into the one it repeats.
  FieldCheck check("merge_into");
  check.Code("target_number", command.target_number, CodeShape::kTicketNumber)
      .Require(command.target_number != state.number, "target_number",
               "must differ from the ticket's own number")
      .Text("reason", command.reason, 2000);
  if (!check.status().ok()) return check.status();
  return Events{MakeEvent(event_type::kMerged, MergedPayload(command))};
}

Result<Events> DecideCommand(const TicketState&, const AddContact& command,
                             const CommandContext& context) {
  // Every open state takes a follow-up: the citizen may write at any time.
  FieldCheck check("add_contact");
  check.Code("channel", command.channel, CodeShape::kChannel)
      .Text("contact.channel_message_id", command.contact.channel_message_id, 256)
      .Writable("contact.received_at", command.contact.received_at)
      .Text("subject", command.subject, 200)
      .Text("text", command.text, 10000);
  if (command.location) CheckLocation(check, *command.location);
  CheckAttachments(check, command.attachments);
  if (!check.status().ok()) return check.status();
  return Events{MakeEvent(event_type::kContactAdded, ContactAddedPayload(command, context.utc_offset))};
}

}  // namespace rexian::ticket
