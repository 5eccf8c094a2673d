// Names of statuses, commands, actors and payload enums.
#include "ticket_names.h"

#include <array>
#include <utility>

#include "ticket_command_traits.h"

namespace rexian::ticket {
namespace {

// Finds `name` among the (value, name) pairs.
template <typename E, std::size_t N>
std::optional<E> Lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view name) {
  for (const auto& [value, spelling] : table) {
    if (spelling == name) return value;
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view NameIn(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [candidate, spelling] : table) {
    if (candidate == value) return spelling;
  }
  return "unknown";
}

constexpr std::array<std::pair<TicketStatus, std::string_view>, 11> kStatuses{{
    {TicketStatus::kNew, "new"},
    {TicketStatus::kReceived, "received"},
    {TicketStatus::kClassified, "classified"},
    {TicketStatus::kAnswered, "answered"},
    {TicketStatus::kDispatched, "dispatched"},
    {TicketStatus::kAcknowledged, "acknowledged"},
    {TicketStatus::kReturned, "returned"},
    {TicketStatus::kResolved, "resolved"},
    {TicketStatus::kFollowedUp, "followed_up"},
    {TicketStatus::kClosed, "closed"},
    {TicketStatus::kMerged, "merged"},
}};

constexpr std::array<std::pair<Level, std::string_view>, 2> kLevels{{
    {Level::kCity, "city"},
    {Level::kCounty, "county"},
}};

constexpr std::array<std::pair<Urgency, std::string_view>, 2> kUrgencies{{
    {Urgency::kNormal, "normal"},
    {Urgency::kUrgent, "urgent"},
}};

constexpr std::array<std::pair<Rating, std::string_view>, 3> kRatings{{
    {Rating::kSatisfied, "satisfied"},
    {Rating::kBasicallySatisfied, "basically_satisfied"},
    {Rating::kDissatisfied, "dissatisfied"},
}};

constexpr std::array<std::pair<FollowUpMethod, std::string_view>, 5> kMethods{{
    {FollowUpMethod::kPhone, "phone"},
    {FollowUpMethod::kSms, "sms"},
    {FollowUpMethod::kWechat, "wechat"},
    {FollowUpMethod::kWeb, "web"},
    {FollowUpMethod::kOther, "other"},
}};

constexpr std::array<std::pair<ReturnReason, std::string_view>, 5> kReturnReasons{{
    {ReturnReason::kNotOurRemit, "not_our_remit"},
    {ReturnReason::kWrongLocation, "wrong_location"},
    {ReturnReason::kInsufficientInformation, "insufficient_information"},
    {ReturnReason::kDuplicate, "duplicate"},
    {ReturnReason::kOther, "other"},
}};

constexpr std::array<std::pair<AttachmentKind, std::string_view>, 5> kAttachmentKinds{{
    {AttachmentKind::kImage, "image"},
    {AttachmentKind::kVoice, "voice"},
    {AttachmentKind::kVideo, "video"},
    {AttachmentKind::kLink, "link"},
    {AttachmentKind::kFile, "file"},
}};

constexpr std::array<std::pair<DeadlineStage, std::string_view>, 2> kStages{{
    {DeadlineStage::kAcknowledgement, "acknowledgement"},
    {DeadlineStage::kResolution, "resolution"},
}};

}  // namespace

std::string_view StatusName(TicketStatus status) { return NameIn(kStatuses, status); }
bool IsTerminal(TicketStatus status) {
  return status == TicketStatus::kClosed || status == TicketStatus::kMerged;
}
std::string_view RatingName(Rating rating) { return NameIn(kRatings, rating); }

std::string_view CommandName(const Command& command) {
  return std::visit([](const auto& c) { return CommandTraits<std::decay_t<decltype(c)>>::kName; },
                    command);
}

std::string_view LevelName(Level level) { return NameIn(kLevels, level); }
std::string_view UrgencyName(Urgency urgency) { return NameIn(kUrgencies, urgency); }
std::string_view FollowUpMethodName(FollowUpMethod method) { return NameIn(kMethods, method); }
std::string_view ReturnReasonName(ReturnReason reason) { return NameIn(kReturnReasons, reason); }
std::string_view AttachmentKindName(AttachmentKind kind) { return NameIn(kAttachmentKinds, kind); }
std::string_view DeadlineStageName(DeadlineStage stage) { return NameIn(kStages, stage); }

std::optional<Level> ParseLevel(std::string_view name) { return Lookup(kLevels, name); }
std::optional<Urgency> ParseUrgency(std::string_view name) { return Lookup(kUrgencies, name); }
std::optional<Rating> ParseRating(std::string_view name) { return Lookup(kRatings, name); }
std::optional<DeadlineStage> ParseDeadlineStage(std::string_view name) {
  return Lookup(kStages, name);
}

}  // namespace rexian::ticket
