// Ticket: the work-order (工单) aggregate. Commands go in, events come out of
// the pure Decide; the pure Evolve folds stored events back into a state.
//
// Nothing here does I/O, reads a clock or draws random numbers: time comes in
// with the command (CommandContext::occurred_at) and with each stored event
// (its metadata's occurred_at). The lifecycle, every state x command outcome
// and the reasons behind the rules are in docs/ticket-lifecycle.md.
//
// Errors Decide returns (the HTTP layer maps the code, the message is for
// people and always names the command in quotes, and the state when the state
// is the reason):
//  - NotFound          (404) the ticket has not been opened, any command but Open.
//  - PermissionDenied  (403) the actor's role may not issue the command, or the
//                      department is not the lead (or an assisting) department.
//  - Conflict          (409) the ticket's state does not allow the command now:
//                      "ticket 3203-2025-000042 is 'received': cannot 'resolve' ...".
//  - InvalidArgument   (422) a field of the command is malformed or out of range.
// They are checked in that order: role, opened, closed or merged, the
// command's own state rules, department, fields. An error never comes with
// events.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "rexian/config.h"
#include "rexian/status.h"

namespace rexian::ticket {

// Domain time: whole seconds since the Unix epoch, UTC.
using Time = std::chrono::sys_seconds;

// ---------------------------------------------------------------- who and when

// Who issues a command. People act through a configured user in its Role;
// reactors of the process itself (the deadline watcher, automatic routing,
// intake) have no configured Role and act as kSystem, which the event
// metadata records as role "system" with the reactor's name as user.
enum class ActorKind : std::uint8_t { kUser, kSystem };

struct Actor {
  ActorKind kind = ActorKind::kUser;
  std::string user;          // user id from config, or the reactor's name
  Role role = Role::kAgent;  // ignored for kSystem
  std::string department;    // the user's department; set for Role::kDepartment
};

// A configured user acting in `role` (department code for Role::kDepartment).
Actor UserActor(std::string user, Role role, std::string department = {});
// A reactor of the process, e.g. SystemActor("deadline-watcher").
Actor SystemActor(std::string reactor);

// The metadata's actor.role: RoleName(actor.role), or "system".
std::string_view ActorRoleName(const Actor& actor);

// Everything a command needs besides its own fields.
struct CommandContext {
  Actor actor;
  Time occurred_at{};  // when it happens in the domain; goes into the metadata
  // Offset times are written with in payloads (+08:00 in China). It changes
  // only how instants are spelled, never which instant; 0 writes "Z".
  // Decide refuses (InvalidArgument) an offset of a day or more either way.
  std::chrono::minutes utc_offset{0};
};

// ---------------------------------------------------------------- values

enum class Level : std::uint8_t { kCity, kCounty };  // 市本级 / 各县(市、区)
enum class Urgency : std::uint8_t { kNormal, kUrgent };
enum class Rating : std::uint8_t { kSatisfied, kBasicallySatisfied, kDissatisfied };
enum class FollowUpMethod : std::uint8_t { kPhone, kSms, kWechat, kWeb, kOther };
enum class ReturnReason : std::uint8_t {
  kNotOurRemit,
  kWrongLocation,
  kInsufficientInformation,
  kDuplicate,
  kOther,
};
enum class AttachmentKind : std::uint8_t { kImage, kVoice, kVideo, kLink, kFile };
// Which deadline the watcher talks about: to acknowledge (签收) or resolve (办结).
enum class DeadlineStage : std::uint8_t { kAcknowledgement, kResolution };

// Taxonomy codes as the schemas spell them ("complaint", "transport", ...).
// Whether a code exists in config/taxonomy is the caller's check.
struct Classification {
  std::string type_code;
  std::string domain_code;
  std::optional<std::string> subcategory_code;
  friend bool operator==(const Classification&, const Classification&) = default;
};

// The contact a ticket was opened from (intake idempotency key).
struct ContactReference {
  std::string channel_message_id;
  Time received_at{};
};

// How to reach the citizen; every member optional.
struct CitizenContact {
  std::optional<std::string> channel_id;
  std::optional<std::string> name;
  std::optional<std::string> phone;
  std::optional<std::string> wechat_openid;
  std::optional<std::string> email;
};

struct Location {
  std::optional<std::string> address;
  std::optional<double> lat;  // WGS-84 degrees
  std::optional<double> lon;
  std::optional<std::string> district_code;
};

struct Attachment {
  AttachmentKind kind = AttachmentKind::kImage;
  std::string ref;  // URL or the channel's media id
  std::optional<std::string> name;
};

// Where a dispatch sends the ticket and by when. The deadlines are computed
// outside the domain (SLA service) and passed in.
struct Assignment {
  std::string lead_department;                     // 主办
  std::vector<std::string> assisting_departments;  // 协办, distinct, not the lead
  Time deadline{};                                 // to resolve
  std::optional<Time> acknowledge_deadline;        // to acknowledge, <= deadline
  std::string sla_policy_id;
  std::optional<std::string> routing_rule_id;  // absent for a manual dispatch
  std::optional<std::string> instructions;     // 派单意见
};

// ---------------------------------------------------------------- commands

struct Open {
  std::string number;         // the work-order number the citizen is told
  std::string platform_code;  // receiving platform
  Level level = Level::kCity;
  std::string channel;  // "phone", "wechat", "web", "open311", "livestream"
  std::optional<ContactReference> contact;
  std::optional<CitizenContact> citizen;  // absent: anonymous
  std::optional<std::string> subject;
  std::string text;
  std::optional<Location> location;
  Urgency urgency = Urgency::kNormal;
  std::optional<Classification> classification;
  std::optional<std::string> session_id;  // livestream programme session
  std::vector<Attachment> attachments;
};
// Classify a ticket, or reclassify it (the event then carries the previous one).
struct Classify {
  std::string type_code;
  std::string domain_code;
  std::optional<std::string> subcategory_code;
};
struct AnswerOnFirstContact {
  std::string answer;
  std::optional<std::string> knowledge_article;
};
struct Dispatch {
  Assignment assignment;
};
struct Acknowledge {};
struct Return {
  std::string reason;
  std::optional<ReturnReason> reason_code;
};
struct Redispatch {
  Assignment assignment;
  std::optional<std::string> reason;
};
struct AddProgressNote {
  std::string text;
};
struct RequestExtension {
  Time requested_deadline{};
  std::string reason;
};
struct ApproveExtension {
  Time new_deadline{};
  std::optional<std::string> note;
};
struct RefuseExtension {
  std::string reason;
};
struct Urge {
  std::optional<std::string> note;
};
struct Supervise {
  std::optional<std::string> note;
};
struct Resolve {
  std::string reply;
};
struct RecordFollowUp {
  Rating rating = Rating::kSatisfied;
  bool solved = false;
  std::optional<std::string> comment;
  std::optional<FollowUpMethod> method;
};
// Reopen (重办) sends the ticket back to the same departments as a new
// dispatch with a new deadline, so it carries what a dispatch needs.
struct Reopen {
  std::string reason;
  Time deadline{};
  std::optional<Time> acknowledge_deadline;
  std::string sla_policy_id;
};
struct Close {
  std::optional<std::string> note;
};
struct MergeInto {
  std::string target_number;
  std::optional<std::string> reason;
};
// A further contact from the citizen about this open ticket (追加诉求): intake
// adds it instead of opening a new ticket. Accepted in every open state.
struct AddContact {
  std::string channel;
  ContactReference contact;
  std::optional<std::string> subject;
  std::string text;
  std::optional<Location> location;
  std::vector<Attachment> attachments;
};
// Issued by the deadline watcher (a kSystem actor) for the deadline it saw.
struct WarnDeadline {
  DeadlineStage stage = DeadlineStage::kResolution;
  Time deadline{};
};
struct MarkOverdue {
  DeadlineStage stage = DeadlineStage::kResolution;
  Time deadline{};
};

using Command = std::variant<Open, Classify, AnswerOnFirstContact, Dispatch, Acknowledge, Return,
                             Redispatch, AddProgressNote, RequestExtension, ApproveExtension,
                             RefuseExtension, Urge, Supervise, Resolve, RecordFollowUp, Reopen,
                             Close, MergeInto, WarnDeadline, MarkOverdue, AddContact>;

// Stable snake_case name of the command ("open", "record_follow_up", ...), as
// used in error messages and docs/ticket-lifecycle.md.
std::string_view CommandName(const Command& command);

// ---------------------------------------------------------------- state

enum class TicketStatus : std::uint8_t {
  kNew,           // nothing applied yet: only Open is possible
  kReceived,      // opened, not classified
  kClassified,    // classified, not yet answered or dispatched
  kAnswered,      // answered on first contact (在线解答), awaiting close
  kDispatched,    // sent to a lead department, not yet acknowledged
  kAcknowledged,  // the lead department acknowledged (签收) and is handling it
  kReturned,      // the lead department returned it (退单); awaits re-dispatch
  kResolved,      // resolved (办结), awaiting follow-up or close
  kFollowedUp,    // the citizen rated this resolution (回访)
  kClosed,        // archived (归档): terminal
  kMerged,        // merged into another ticket: terminal
};

// Stable lower-case name: "new", "received", ..., "followed_up", "merged".
std::string_view StatusName(TicketStatus status);

// True for kClosed and kMerged: no command is accepted any more.
bool IsTerminal(TicketStatus status);

// "satisfied" | "basically_satisfied" | "dissatisfied".
std::string_view RatingName(Rating rating);

struct FollowUp {
  Rating rating = Rating::kSatisfied;
  bool solved = false;
  Time at{};
  friend bool operator==(const FollowUp&, const FollowUp&) = default;
};

struct PendingExtension {
  std::string department;
  Time requested_deadline{};
  Time requested_at{};
  friend bool operator==(const PendingExtension&, const PendingExtension&) = default;
};

// What the deadline watcher already reported for one stage during the
// current dispatch, so a repeated or replayed watcher command yields no
// event. Several deadlines appear when extensions were approved.
struct DeadlineWatch {
  std::vector<Time> warned;   // deadlines a warning was emitted for, in order
  std::vector<Time> overdue;  // deadlines marked overdue, in order
  friend bool operator==(const DeadlineWatch&, const DeadlineWatch&) = default;
};

// Everything Decide needs, folded from the ticket's events by Evolve. A plain
// value: copy it, compare it.
struct TicketState {
  std::uint64_t version = 0;  // events applied, unknown types included = stream version
  TicketStatus status = TicketStatus::kNew;

  // From ticket.opened.
  std::string number;
  std::string platform_code;
  Level level = Level::kCity;
  std::string channel;
  Urgency urgency = Urgency::kNormal;
  std::optional<std::string> session_id;
  Time opened_at{};

  std::optional<Classification> classification;
  std::optional<Time> answered_at;

  // The current dispatch; dispatch_number is 0 before the first one.
  std::uint32_t dispatch_number = 0;
  std::string lead_department;
  std::vector<std::string> assisting_departments;
  std::string sla_policy_id;
  std::optional<std::string> routing_rule_id;
  std::optional<Time> acknowledge_deadline;
  std::optional<Time> original_deadline;  // as dispatched
  std::optional<Time> deadline;           // in force: original or approved extension
  std::optional<Time> acknowledged_at;
  std::optional<PendingExtension> pending_extension;
  DeadlineWatch acknowledgement_watch;
  DeadlineWatch resolution_watch;

  // The latest resolution; cleared by a reopen.
  std::optional<Time> resolved_at;
  std::optional<bool> on_time;  // resolved_at <= deadline in force

  std::vector<FollowUp> follow_ups;  // at most one per resolution, in order

  std::uint32_t returns = 0;
  std::uint32_t progress_notes = 0;
  std::uint32_t extension_requests = 0;
  std::uint32_t extensions_approved = 0;
  std::uint32_t extensions_refused = 0;
  std::uint32_t urges = 0;
  std::uint32_t supervisions = 0;
  std::uint32_t resolutions = 0;
  std::uint32_t reopens = 0;
  std::uint32_t contacts_added = 0;  // follow-up contacts added to the ticket

  std::optional<std::string> merged_into;
  std::optional<std::string> closed_outcome;  // "answered" | "resolved" | ...
  std::optional<Time> closed_at;

  friend bool operator==(const TicketState&, const TicketState&) = default;
};

// ---------------------------------------------------------------- decide / evolve

// An event for the caller to append to the stream "ticket-<number>", with
// metadata the caller builds (actor, occurred_at = context.occurred_at).
// The payload conforms to schemas/events/<type>/v<schema_version>.json.
struct PendingEvent {
  std::string type;  // "ticket.opened", ...
  std::uint32_t schema_version = 1;
  boost::json::object payload;
};

// Validates `command` against `state` and returns the events that carry it
// out, in order (possibly none: a watcher command already carried out, or a
// reclassification to the classification in force), or an error as listed at
// the top of this file. Pure and thread-safe.
Result<std::vector<PendingEvent>> Decide(const TicketState& state, const Command& command,
                                         const CommandContext& context);

// Applies one stored event to `state`. Accepts every event Decide produces,
// and is total: an unknown type, or an unknown member in a known type, is
// ignored (forward compatibility with newer writers) apart from counting the
// version; a missing or mistyped member reads as absent and never fails; a
// second ticket.opened is ignored. `occurred_at` is the event metadata's
// occurred_at. Folding a stream from a fresh TicketState rebuilds the state
// Decide saw when it produced the next event.
void Evolve(TicketState& state, std::string_view type, const boost::json::object& payload,
            Time occurred_at);

}  // namespace rexian::ticket
