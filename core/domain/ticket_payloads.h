// JSON encoding of the ticket events' v1 payloads, member for member as
// schemas/events/ticket.*/v1.json define them (optional members omitted).
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rexian/ticket.h"

namespace rexian::ticket {

// Event type names, as the folders under schemas/events/ spell them.
namespace event_type {
inline constexpr std::string_view kOpened = "ticket.opened";
inline constexpr std::string_view kClassified = "ticket.classified";
inline constexpr std::string_view kAnswered = "ticket.answered";
inline constexpr std::string_view kDispatched = "ticket.dispatched";
inline constexpr std::string_view kAcknowledged = "ticket.acknowledged";
inline constexpr std::string_view kReturned = "ticket.returned";
inline constexpr std::string_view kRedispatched = "ticket.redispatched";
inline constexpr std::string_view kProgressNoted = "ticket.progress_noted";
inline constexpr std::string_view kExtensionRequested = "ticket.extension_requested";
inline constexpr std::string_view kExtensionApproved = "ticket.extension_approved";
inline constexpr std::string_view kExtensionRefused = "ticket.extension_refused";
inline constexpr std::string_view kUrged = "ticket.urged";
inline constexpr std::string_view kSupervised = "ticket.supervised";
inline constexpr std::string_view kResolved = "ticket.resolved";
inline constexpr std::string_view kFollowedUp = "ticket.followed_up";
inline constexpr std::string_view kReopened = "ticket.reopened";
inline constexpr std::string_view kClosed = "ticket.closed";
inline constexpr std::string_view kMerged = "ticket.merged";
inline constexpr std::string_view kDeadlineWarning = "ticket.deadline_warning";
inline constexpr std::string_view kOverdue = "ticket.overdue";
inline constexpr std::string_view kContactAdded = "ticket.contact_added";
}  // namespace event_type

// Times are written with FormatTime(time, offset).
using Offset = std::chrono::minutes;

boost::json::object OpenedPayload(const Open& open, Offset offset);
boost::json::object ContactAddedPayload(const AddContact& command, Offset offset);
// `previous` is the classification replaced, if any.
boost::json::object ClassifiedPayload(const Classification& next,
                                      const std::optional<Classification>& previous);
boost::json::object AnsweredPayload(const AnswerOnFirstContact& answer);
// ticket.dispatched, or ticket.redispatched when `reason` may be set.
boost::json::object DispatchedPayload(std::uint32_t dispatch_number, const Assignment& assignment,
                                      const std::optional<std::string>& reason, Offset offset);
boost::json::object AcknowledgedPayload(std::uint32_t dispatch_number,
                                        const std::string& department);
boost::json::object ReturnedPayload(std::uint32_t dispatch_number, const std::string& department,
                                    const Return& command);
// `department` absent when the platform noted the progress.
boost::json::object ProgressNotedPayload(const std::optional<std::string>& department,
                                         const std::string& note);
boost::json::object ExtensionRequestedPayload(const std::string& department,
                                              const RequestExtension& command, Offset offset);
boost::json::object ExtensionApprovedPayload(const std::string& department,
                                             const ApproveExtension& command, Offset offset);
boost::json::object ExtensionRefusedPayload(const std::string& department,
                                            const std::string& reason);
// ticket.urged and ticket.supervised share this shape.
boost::json::object AttentionPayload(const std::string& department,
                                     const std::optional<std::string>& note);
boost::json::object ResolvedPayload(const std::string& department, const std::string& reply);
boost::json::object FollowedUpPayload(const RecordFollowUp& command);
// cause: "dissatisfied" | "not_solved" | "supervisor".
boost::json::object ReopenedPayload(std::string_view cause, const std::string& reason);
// outcome: one of the ticket.closed enum values.
boost::json::object ClosedPayload(std::string_view outcome, const std::optional<std::string>& note);
boost::json::object MergedPayload(const MergeInto& command);
// ticket.deadline_warning and ticket.overdue share this shape.
boost::json::object DeadlinePayload(DeadlineStage stage, const std::string& department,
                                    Time deadline, Offset offset);

}  // namespace rexian::ticket
