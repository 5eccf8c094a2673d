// The TextRules used by the configuration sections.
#include "text_rules.h"

#include <arpa/inet.h>

#include <string>

#include "civil_date.h"

namespace rexian::config_internal {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

bool NonEmpty(std::string_view s) { return !s.empty(); }
bool TwoDigits(std::string_view s) { return s.size() == 2 && AllDigits(s); }
bool FourDigits(std::string_view s) { return s.size() == 4 && AllDigits(s); }
bool PlatformCode(std::string_view s) { return (s.size() == 4 || s.size() == 6) && AllDigits(s); }

bool DepartmentCode(std::string_view s) {
  const auto dash = s.find('-');
  if (dash == std::string_view::npos) return false;
  return PlatformCode(s.substr(0, dash)) && s.size() - dash - 1 == 3 &&
         AllDigits(s.substr(dash + 1));
}

// [a-z][a-z0-9_]*
bool Name(std::string_view s) {
  if (s.empty() || !IsLower(s[0])) return false;
  for (char c : s) {
    if (!IsLower(c) && !IsDigit(c) && c != '_') return false;
  }
  return true;
}

// [a-z][a-z0-9_.-]*
bool UserId(std::string_view s) {
  if (s.empty() || !IsLower(s[0])) return false;
  for (char c : s) {
    if (!IsLower(c) && !IsDigit(c) && c != '_' && c != '-' && c != '.') return false;
  }
  return true;
}

bool Sha256Hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!IsDigit(c) && !(c >= 'a' && c <= 'f')) return false;
  }
  return true;
}

bool IsoDate(std::string_view s) {
  CivilDate unused;
  return ParseIsoDate(s, &unused);
}

bool IpAddress(std::string_view s) {
  const std::string text(s);
  unsigned char buffer[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

// IANA names: components of [A-Za-z0-9_+-] separated by '/', no "..".
bool TimeZoneName(std::string_view s) {
  if (s.empty() || s.front() == '/' || s.back() == '/') return false;
  char previous = '/';
  for (char c : s) {
    const bool word =
        IsLower(c) || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_' || c == '+' || c == '-';
    if (!word && c != '/') return false;
    if (c == '/' && previous == '/') return false;
    previous = c;
  }
  return true;
}

}  // namespace

const TextRule kAnyText{"a non-empty string", NonEmpty};
const TextRule kTwoDigits{"a string of 2 digits", TwoDigits};
const TextRule kFourDigits{"a string of 4 digits", FourDigits};
const TextRule kPlatformCode{"an administrative division code of 4 or 6 digits", PlatformCode};
const TextRule kDepartmentCode{
    "a department code: the platform code, '-', 3 digits (e.g. \"3203-019\")", DepartmentCode};
const TextRule kName{"a lower-case ASCII name ([a-z][a-z0-9_]*)", Name};
const TextRule kUserId{"a lower-case ASCII user id ([a-z][a-z0-9_.-]*)", UserId};
const TextRule kSha256Hex{"64 lower-case hex digits (a SHA-256 digest)", Sha256Hex};
const TextRule kIsoDate{"a date written YYYY-MM-DD", IsoDate};
const TextRule kIpAddress{"an IPv4 or IPv6 address such as 127.0.0.1", IpAddress};
const TextRule kTimeZoneName{"an IANA time zone name such as Asia/Shanghai", TimeZoneName};

}  // namespace rexian::config_internal
