// TextRule: what a configuration string must look like, and the words for it.
#pragma once

#include <string_view>

namespace rexian::config_internal {

// A check on a scalar's text plus the phrase an error uses for it
// ("expected <expectation>, got ...").
struct TextRule {
  const char* expectation;
  bool (*accepts)(std::string_view text);
};

// The rules the sections use; each is documented by its expectation text.
extern const TextRule kAnyText;         // a non-empty string
extern const TextRule kTwoDigits;       // "01"
extern const TextRule kFourDigits;      // "0101"
extern const TextRule kPlatformCode;    // "3203" or "320302"
extern const TextRule kDepartmentCode;  // "3203-019"
extern const TextRule kName;            // lower-case ASCII identifier, "spring_festival"
extern const TextRule kUserId;          // "demo-agent"
extern const TextRule kSha256Hex;       // 64 lower-case hex digits
extern const TextRule kIsoDate;         // "2024-02-10", a real date
extern const TextRule kIpAddress;       // IPv4 or IPv6 literal
extern const TextRule kTimeZoneName;    // "Asia/Shanghai", "UTC"

}  // namespace rexian::config_internal
