// The documents the plugin writes: contacts for accepted questions and the
// payloads of its live.* events (schemas/events/live.*/v1.json), plus the
// ids that make every write idempotent. Pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "livestream/comment.h"

namespace rexian::live {

// Rejection reasons, in the order of the counters.
inline constexpr std::array<const char*, 3> kRejectionReasons = {"spam", "duplicate", "noise"};

// A session as started by the programme desk.
struct SessionInfo {
  std::string id;         // ^[0-9A-Za-z_.:-]{1,64}$
  std::string title;      // "政风热线·市长上线"
  std::string programme;  // "" when none
  std::vector<std::string> units;  // department codes from the organisation
  std::string starts_at;  // RFC 3339
  std::vector<std::string> feeds;  // configured feed names
};

// What a session counted, for live.session_ended.
struct SessionCounts {
  std::int64_t received = 0;
  std::int64_t accepted = 0;
  std::int64_t failed = 0;  // accepted by the filters but refused by intake
  std::array<std::int64_t, 3> rejected{};  // by kRejectionReasons
};

// True for a valid session id (also a valid stream key).
bool IsSessionId(const std::string& id);

// "live-<session>".
std::string StreamOf(const std::string& session_id);

// The comment's idempotency key within the channel: "<source>:" + 32 hex
// digits of the SHA-256 of the platform's id, or of uid, time and text when
// the platform gave none (hashed: platform ids may carry the viewer's uid).
std::string ChannelMessageIdOf(const Comment& comment);

// The question's id within the session: "q" + 16 hex digits of the SHA-256
// of the channel message id (stable across restarts).
std::string QuestionIdOf(const std::string& channel_message_id);

// RFC 3339 UTC text of Unix milliseconds: "2025-03-01T01:30:00.250Z".
std::string Rfc3339OfMs(std::int64_t unix_ms);

// The current time as Unix milliseconds.
std::int64_t NowMs();

// The contact for an accepted question (schemas/contact.schema.json): the
// viewer as citizen (id "<source>:<uid>", name), the text, session_id, and
// extra {source, platform_comment_id}.
std::string QuestionContact(const std::string& channel, const std::string& session_id,
                            const Comment& comment, const std::string& channel_message_id);

// Payloads of the live.* events.
std::string SessionStartedPayload(const SessionInfo& info);
std::string SessionEndedPayload(const std::string& session_id, const std::string& ended_at,
                                const SessionCounts& counts);
std::string QuestionAcceptedPayload(const std::string& session_id, const std::string& question,
                                    const std::string& source, const std::string& ticket_number);
std::string QuestionRejectedPayload(const std::string& session_id, const char* reason,
                                    std::int64_t count);
std::string AnsweredOnAirPayload(const std::string& session_id, const std::string& question,
                                 const std::string& ticket_number, const std::string& unit);
std::string QuestionDispatchedPayload(const std::string& session_id, const std::string& question,
                                      const std::string& ticket_number,
                                      const std::string& lead_department);

}  // namespace rexian::live
