// The commands of Bilibili's message packets that carry viewer comments
// (DANMU_MSG, SUPER_CHAT_MESSAGE), and the packets a client sends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "livestream/comment.h"

namespace rexian::live {

// The comment in one kOpMessage body, or nullopt when the body is another
// command (gifts, entries, popularity ranks, ...) or not a well-formed
// comment. DANMU_MSG: info[1] text, info[2][0] uid, info[2][1] name,
// info[0][4] send time (ms), info[9].ct check token (part of the id);
// SUPER_CHAT_MESSAGE: data.id, data.uid, data.user_info.uname,
// data.message, data.start_time (s). The cmd may carry suffixes
// ("DANMU_MSG:4:0:2:2:2:0").
std::optional<Comment> CommentOfCommand(std::string_view json_body);

// The auth packet (operation 7) for `room_id`, asking for brotli bodies
// (protover 3). `key` and `uid` may be empty / 0 (anonymous).
std::string BilibiliAuthPacket(std::uint64_t room_id, std::uint64_t uid, std::string_view key);

// A heartbeat packet (operation 2).
std::string BilibiliHeartbeatPacket();

// True when an auth reply body ({"code": 0}) says the auth succeeded.
bool AuthAccepted(std::string_view body);

}  // namespace rexian::live
