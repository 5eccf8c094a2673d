// The "format" values rexian's schemas may use, checked exactly by hand.
//
// Hand-written rather than regexes: valijson 1.0's own "format" support
// builds a std::regex per check (~0.7 ms) and cannot tell 02-30 from 02-28.
#include "string_formats.h"

namespace rexian::schema {
namespace {

// Parses exactly `width` digits at `text[*at]`, advancing *at.
bool Digits(std::string_view text, std::size_t* at, std::size_t width, int* value) {
  if (*at + width > text.size()) return false;
  int result = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = text[*at + i];
    if (c < '0' || c > '9') return false;
    result = result * 10 + (c - '0');
  }
  *at += width;
  *value = result;
  return true;
}

bool Char(std::string_view text, std::size_t* at, char expected) {
  if (*at >= text.size() || text[*at] != expected) return false;
  ++*at;
  return true;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

bool FullDate(std::string_view text, std::size_t* at) {
  int year = 0, month = 0, day = 0;
  return Digits(text, at, 4, &year) && Char(text, at, '-') && Digits(text, at, 2, &month) &&
         month >= 1 && month <= 12 && Char(text, at, '-') && Digits(text, at, 2, &day) &&
         day >= 1 && day <= DaysInMonth(year, month);
}

// hh:mm:ss[.fraction of 1..9 digits]
bool PartialTime(std::string_view text, std::size_t* at) {
  int hour = 0, minute = 0, second = 0;
  if (!(Digits(text, at, 2, &hour) && hour <= 23 && Char(text, at, ':') &&
        Digits(text, at, 2, &minute) && minute <= 59 && Char(text, at, ':') &&
        Digits(text, at, 2, &second) && second <= 60)) {
    return false;
  }
  if (*at < text.size() && text[*at] == '.') {
    ++*at;
    std::size_t digits = 0;
    while (*at < text.size() && text[*at] >= '0' && text[*at] <= '9') {
      ++*at;
      ++digits;
    }
    if (digits == 0 || digits > 9) return false;
  }
  return true;
}

// Z, z or +hh:mm / -hh:mm
bool Offset(std::string_view text, std::size_t* at) {
  if (Char(text, at, 'Z') || Char(text, at, 'z')) return true;
  if (!(Char(text, at, '+') || Char(text, at, '-'))) return false;
  int hours = 0, minutes = 0;
  return Digits(text, at, 2, &hours) && hours <= 23 && Char(text, at, ':') &&
         Digits(text, at, 2, &minutes) && minutes <= 59;
}

bool IsEmail(std::string_view text) {
  const std::size_t at = text.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  const std::string_view domain = text.substr(at + 1);
  if (domain.empty() || domain.size() > 255) return false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return false;
  }
  return domain.find('@') == std::string_view::npos;
}

}  // namespace

std::optional<StringFormat> ParseStringFormat(std::string_view name) {
  if (name == "date-time") return StringFormat::kDateTime;
  if (name == "date") return StringFormat::kDate;
  if (name == "email") return StringFormat::kEmail;
  return std::nullopt;
}

const char* StringFormatName(StringFormat format) {
  switch (format) {
    case StringFormat::kDateTime:
      return "date-time";
    case StringFormat::kDate:
      return "date";
    case StringFormat::kEmail:
      return "email";
  }
  return "unknown";
}

const char* DescribeStringFormat(std::string_view name) {
  const std::optional<StringFormat> format = ParseStringFormat(name);
  if (!format) return nullptr;
  switch (*format) {
    case StringFormat::kDateTime:
      return "RFC 3339 date-time with offset";
    case StringFormat::kDate:
      return "RFC 3339 full-date";
    case StringFormat::kEmail:
      return "e-mail address";
  }
  return nullptr;
}

bool MatchesStringFormat(StringFormat format, std::string_view text) {
  std::size_t at = 0;
  switch (format) {
    case StringFormat::kDateTime:
      return FullDate(text, &at) && (Char(text, &at, 'T') || Char(text, &at, 't')) &&
             PartialTime(text, &at) && Offset(text, &at) && at == text.size();
    case StringFormat::kDate:
      return FullDate(text, &at) && at == text.size();
    case StringFormat::kEmail:
      return IsEmail(text);
  }
  return false;
}

}  // namespace rexian::schema
