// AmiMessage and AmiReader: Asterisk Manager Interface messages read off a
// byte stream ("Key: Value" lines, a blank line ends a message).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rexian::phone {

// One AMI message: an event ("Event: Hangup"), a response ("Response:
// Success") or anything else Asterisk sends, as its header lines in order.
// Keys compare case-insensitively, as Asterisk treats them.
struct AmiMessage {
  std::vector<std::pair<std::string, std::string>> headers;

  // The first value of `key`, or "" when absent.
  std::string_view Get(std::string_view key) const;
  bool Has(std::string_view key) const;
  // Get("Event"), Get("Response").
  std::string_view Event() const { return Get("Event"); }
  std::string_view Response() const { return Get("Response"); }
};

// Limits that keep a hostile or broken peer from growing memory without bound.
struct AmiReaderLimits {
  std::size_t max_line_bytes = 8192;      // a longer line is dropped as garbage
  std::size_t max_headers = 256;          // more lines in one message: the rest are dropped
};

// Incremental reader. Feed it bytes as they arrive; it returns the complete
// messages. Lines end with "\r\n" (a bare "\n" is accepted too). A line that
// is not "Key: Value" (no colon, an empty key, a key with spaces or control
// characters), or is too long, is garbage: it is skipped and counted, and
// never ends the message it appears in. The banner line Asterisk sends first
// ("Asterisk Call Manager/7.0.3") is reported separately. Not thread-safe.
class AmiReader {
 public:
  explicit AmiReader(AmiReaderLimits limits = {});

  // Parses `bytes`, appending every message it completes to `out`.
  void Feed(std::string_view bytes, std::vector<AmiMessage>* out);

  // Forgets a partial message and the banner (for a new connection).
  void Reset();

  // The banner, once seen on this connection.
  const std::optional<std::string>& banner() const { return banner_; }
  // Garbage lines skipped since construction (not reset by Reset).
  std::uint64_t garbage_lines() const { return garbage_lines_; }

 private:
  void Line(std::string_view line, std::vector<AmiMessage>* out);

  AmiReaderLimits limits_;
  std::string partial_;       // bytes of the line being received
  bool discarding_ = false;   // the current line overflowed: drop until its end
  AmiMessage message_;        // the message being assembled
  std::optional<std::string> banner_;
  bool first_line_ = true;
  std::uint64_t garbage_lines_ = 0;
};

// "Action: Login\r\nUsername: ...\r\n\r\n": a request with its lines in
// order. Values with CR or LF are refused (returns "") so a value cannot
// smuggle in another header.
std::string AmiAction(const std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace rexian::phone
