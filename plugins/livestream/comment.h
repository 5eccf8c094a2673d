// Comment: one viewer comment as every connector hands it on.
#pragma once

#include <cstdint>
#include <string>

namespace rexian::live {

// A viewer's comment, whichever platform it came from. uid and uname are
// personal data: they go only into the contact (sealed), never into the
// plugin's own live.* records or its log lines.
struct Comment {
  std::string source;       // "bilibili", "json", "desk": where it came from
  std::string platform_id;  // the platform's id of the comment, "" when it has none
  std::string uid;          // the viewer's id on the platform
  std::string uname;        // the viewer's display name, "" when unknown
  std::string text;
  std::int64_t ts_ms = 0;   // when it was sent (Unix ms), 0 when unknown
};

}  // namespace rexian::live
