// Builds the ticket events' payloads; member order follows the schemas.
#include "ticket_payloads.h"

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>

#include "ticket_names.h"
#include "ticket_time.h"

namespace rexian::ticket {
namespace {

namespace json = boost::json;

// valijson's Boost.JSON adapter takes only int64 for "integer" (an unsigned
// C++ value would be stored as uint64 and refused), as parsed JSON holds it.
std::int64_t JsonInteger(std::uint32_t value) { return static_cast<std::int64_t>(value); }

void PutIf(json::object& object, std::string_view key, const std::optional<std::string>& value) {
  if (value) object[key] = *value;
}

json::object ClassificationObject(const Classification& classification) {
  json::object object;
  object["type"] = classification.type_code;
  object["domain"] = classification.domain_code;
  PutIf(object, "subcategory", classification.subcategory_code);
  return object;
}

json::object CitizenObject(const CitizenContact& citizen) {
  json::object object;
  PutIf(object, "channel_id", citizen.channel_id);
  PutIf(object, "name", citizen.name);
  PutIf(object, "phone", citizen.phone);
  PutIf(object, "wechat_openid", citizen.wechat_openid);
  PutIf(object, "email", citizen.email);
  return object;
}

json::object LocationObject(const Location& location) {
  json::object object;
  PutIf(object, "address", location.address);
  if (location.lat) object["lat"] = *location.lat;
  if (location.lon) object["lon"] = *location.lon;
  PutIf(object, "district_code", location.district_code);
  return object;
}

json::array AttachmentArray(const std::vector<Attachment>& attachments) {
  json::array array;
  for (const Attachment& attachment : attachments) {
    json::object object;
    object["kind"] = AttachmentKindName(attachment.kind);
    object["ref"] = attachment.ref;
    PutIf(object, "name", attachment.name);
    array.push_back(std::move(object));
  }
  return array;
}

}  // namespace

json::object OpenedPayload(const Open& open, Offset offset) {
  json::object payload;
  payload["number"] = open.number;
  payload["platform"] = open.platform_code;
  payload["level"] = LevelName(open.level);
  payload["channel"] = open.channel;
  if (open.contact) {
    json::object contact;
    contact["channel_message_id"] = open.contact->channel_message_id;
    contact["received_at"] = FormatTime(open.contact->received_at, offset);
    payload["contact"] = std::move(contact);
  }
  if (open.citizen) {
    json::object citizen = CitizenObject(*open.citizen);
    if (!citizen.empty()) payload["citizen"] = std::move(citizen);
  }
  PutIf(payload, "subject", open.subject);
  payload["text"] = open.text;
  if (open.location) {
    json::object location = LocationObject(*open.location);
    if (!location.empty()) payload["location"] = std::move(location);
  }
  payload["urgency"] = UrgencyName(open.urgency);
  if (open.classification) payload["classification"] = ClassificationObject(*open.classification);
  PutIf(payload, "livestream_session", open.session_id);
  if (!open.attachments.empty()) payload["attachments"] = AttachmentArray(open.attachments);
  return payload;
}

json::object ContactAddedPayload(const AddContact& command, Offset offset) {
  json::object payload;
  payload["channel"] = command.channel;
  payload["contact"] = json::object{
      {"channel_message_id", command.contact.channel_message_id},
      {"received_at", FormatTime(command.contact.received_at, offset)}};
  PutIf(payload, "subject", command.subject);
  payload["text"] = command.text;
  if (command.location) {
    json::object location = LocationObject(*command.location);
    if (!location.empty()) payload["location"] = std::move(location);
  }
  if (!command.attachments.empty()) payload["attachments"] = AttachmentArray(command.attachments);
  return payload;
}

json::object ClassifiedPayload(const Classification& next,
                               const std::optional<Classification>& previous) {
  json::object payload = ClassificationObject(next);
  if (previous) payload["previous"] = ClassificationObject(*previous);
  return payload;
}

json::object AnsweredPayload(const AnswerOnFirstContact& answer) {
  json::object payload;
  payload["answer"] = answer.answer;
  PutIf(payload, "knowledge_article", answer.knowledge_article);
  return payload;
}

json::object DispatchedPayload(std::uint32_t dispatch_number, const Assignment& assignment,
                               const std::optional<std::string>& reason, Offset offset) {
  json::object payload;
  payload["dispatch_number"] = JsonInteger(dispatch_number);
  payload["lead_department"] = assignment.lead_department;
  if (!assignment.assisting_departments.empty()) {
    json::array assisting;
    for (const std::string& code : assignment.assisting_departments) assisting.emplace_back(code);
    payload["assisting_departments"] = std::move(assisting);
  }
  payload["deadline"] = FormatTime(assignment.deadline, offset);
  if (assignment.acknowledge_deadline) {
    payload["acknowledge_deadline"] = FormatTime(*assignment.acknowledge_deadline, offset);
  }
  payload["sla_policy"] = assignment.sla_policy_id;
  PutIf(payload, "routing_rule", assignment.routing_rule_id);
  PutIf(payload, "instructions", assignment.instructions);
  PutIf(payload, "reason", reason);
  return payload;
}

json::object AcknowledgedPayload(std::uint32_t dispatch_number, const std::string& department) {
  json::object payload;
  payload["dispatch_number"] = JsonInteger(dispatch_number);
  payload["department"] = department;
  return payload;
}

json::object ReturnedPayload(std::uint32_t dispatch_number, const std::string& department,
                             const Return& command) {
  json::object payload;
  payload["dispatch_number"] = JsonInteger(dispatch_number);
  payload["department"] = department;
  if (command.reason_code) payload["reason_code"] = ReturnReasonName(*command.reason_code);
  payload["reason"] = command.reason;
  return payload;
}

json::object ProgressNotedPayload(const std::optional<std::string>& department,
                                  const std::string& note) {
  json::object payload;
  PutIf(payload, "department", department);
  payload["note"] = note;
  return payload;
}

json::object ExtensionRequestedPayload(const std::string& department,
                                       const RequestExtension& command, Offset offset) {
  json::object payload;
  payload["department"] = department;
  payload["requested_deadline"] = FormatTime(command.requested_deadline, offset);
  payload["reason"] = command.reason;
  return payload;
}

json::object ExtensionApprovedPayload(const std::string& department,
                                      const ApproveExtension& command, Offset offset) {
  json::object payload;
  payload["department"] = department;
  payload["new_deadline"] = FormatTime(command.new_deadline, offset);
  PutIf(payload, "note", command.note);
  return payload;
}

json::object ExtensionRefusedPayload(const std::string& department, const std::string& reason) {
  json::object payload;
  payload["department"] = department;
  payload["reason"] = reason;
  return payload;
}

json::object AttentionPayload(const std::string& department,
                              const std::optional<std::string>& note) {
  json::object payload;
  payload["department"] = department;
  PutIf(payload, "note", note);
  return payload;
}

json::object ResolvedPayload(const std::string& department, const std::string& reply) {
  json::object payload;
  payload["department"] = department;
  payload["reply"] = reply;
  return payload;
}

json::object FollowedUpPayload(const RecordFollowUp& command) {
  json::object payload;
  payload["rating"] = RatingName(command.rating);
  payload["solved"] = command.solved;
  if (command.method) payload["method"] = FollowUpMethodName(*command.method);
  PutIf(payload, "comment", command.comment);
  return payload;
}

json::object ReopenedPayload(std::string_view cause, const std::string& reason) {
  json::object payload;
  payload["cause"] = cause;
  payload["reason"] = reason;
  return payload;
}

json::object ClosedPayload(std::string_view outcome, const std::optional<std::string>& note) {
  json::object payload;
  payload["outcome"] = outcome;
  PutIf(payload, "note", note);
  return payload;
}

json::object MergedPayload(const MergeInto& command) {
  json::object payload;
  payload["into"] = command.target_number;
  PutIf(payload, "reason", command.reason);
  return payload;
}

json::object DeadlinePayload(DeadlineStage stage, const std::string& department, Time deadline,
                             Offset offset) {
  json::object payload;
  payload["stage"] = DeadlineStageName(stage);
  payload["department"] = department;
  payload["deadline"] = FormatTime(deadline, offset);
  return payload;
}

}  // namespace rexian::ticket
