// Replays a transcript straight into an AmiReader and a CallTracker (no
// network), for the tracker's tests. Directives ("#! ...") and comments are
// skipped: this path has no connection to drop.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "phone/ami_message.h"
#include "phone/call_tracker.h"

namespace rexian::phone::testing {

inline std::string TranscriptText(const std::string& name) {
  std::ifstream file(std::string(REXIAN_SOURCE_DIR) + "/tests/plugins/phone/transcripts/" + name);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// What a replay produced.
struct Replay {
  std::vector<CallRecord> records;
  std::vector<SurveyPress> surveys;
  std::uint64_t garbage_lines = 0;
};

// Feeds the transcript's bytes in chunks of `chunk` bytes (so messages are
// split at every possible place across reads) into `tracker`.
inline Replay ReplayInto(CallTracker& tracker, const std::string& name, std::size_t chunk = 7) {
  std::string wire;
  std::istringstream in(TranscriptText(name));
  std::string line;
  bool in_channels = false;
  while (std::getline(in, line)) {
    if (line.rfind("#! channels", 0) == 0) in_channels = true;
    if (line.rfind("#! end", 0) == 0) {
      in_channels = false;
      continue;
    }
    if (in_channels || line.rfind("## ", 0) == 0 || line.rfind("#! ", 0) == 0) continue;
    wire += line + "\r\n";
  }
  AmiReader reader;
  Replay replay;
  std::vector<AmiMessage> messages;
  for (std::size_t at = 0; at < wire.size(); at += chunk) {
    messages.clear();
    reader.Feed(std::string_view(wire).substr(at, chunk), &messages);
    for (const AmiMessage& m : messages) {
      tracker.OnEvent(m, 1741000000.0, &replay.records, &replay.surveys);
    }
  }
  replay.garbage_lines = reader.garbage_lines();
  return replay;
}

}  // namespace rexian::phone::testing
