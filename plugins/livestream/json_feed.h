// The generic WebSocket JSON comment feed: one JSON object per text message.
#pragma once

#include <optional>
#include <string_view>

#include "livestream/comment.h"

namespace rexian::live {

// Reads {"uid", "uname"?, "text", "ts"?, "id"?} (uid and id may be numbers;
// ts is Unix seconds or milliseconds, or absent). nullopt for anything else
// (not JSON, not an object, no uid or text, wrong types); other members
// are ignored.
std::optional<Comment> CommentOfFeedMessage(std::string_view message);

}  // namespace rexian::live
