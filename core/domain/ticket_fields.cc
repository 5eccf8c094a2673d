// Field checks mirroring the v1 event schemas' patterns, lengths and formats.
#include "ticket_fields.h"

#include <cmath>
#include <cstdint>
#include <cstdio>

#include "ticket_errors.h"

namespace rexian::ticket {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A pattern of the form ^[first][rest]{min-1,max-1}$ (or ^[rest]{min,max}$
// when `first` is null).
struct Shape {
  bool (*first)(char);
  bool (*rest)(char);
  std::size_t min;
  std::size_t max;
  const char* rule;
};

bool Matches(const Shape& shape, std::string_view value) {
  if (value.size() < shape.min || value.size() > shape.max) return false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const bool ok =
        (i == 0 && shape.first != nullptr) ? shape.first(value[i]) : shape.rest(value[i]);
    if (!ok) return false;
  }
  return true;
}

bool MatchesPhone(std::string_view value) {
  if (!value.empty() && value.front() == '+') value.remove_prefix(1);
  if (value.size() < 3 || value.size() > 31 || !IsDigit(value.front())) return false;
  for (char c : value.substr(1)) {
    if (!(IsDigit(c) || c == ' ' || c == '(' || c == ')' || c == '-')) return false;
  }
  return true;
}

Shape ShapeOf(CodeShape shape) {
  switch (shape) {
    case CodeShape::kTicketNumber:
      return {IsAlnum, [](char c) { return IsAlnum(c) || c == '-'; }, 4, 40,
              "must match ^[0-9A-Za-z][0-9A-Za-z-]{3,39}$"};
    case CodeShape::kOrganisationCode:
      return {nullptr, [](char c) { return IsAlnum(c) || c == '_' || c == '-'; }, 2, 32,
              "must match ^[0-9A-Za-z_-]{2,32}$"};
    case CodeShape::kTaxonomyCode:
      return {nullptr, [](char c) { return IsAlnum(c) || c == '_' || c == '.' || c == '-'; }, 1, 32,
              "must match ^[0-9A-Za-z_.-]{1,32}$"};
    case CodeShape::kConfigId:
      return {nullptr,
              [](char c) { return IsAlnum(c) || c == '_' || c == '.' || c == ':' || c == '-'; }, 1,
              64, "must match ^[0-9A-Za-z_.:-]{1,64}$"};
    case CodeShape::kChannel:
      return {[](char c) { return c >= 'a' && c <= 'z'; },
              [](char c) { return (c >= 'a' && c <= 'z') || IsDigit(c) || c == '_' || c == '-'; },
              2, 32, "must match ^[a-z][a-z0-9_-]{1,31}$"};
    case CodeShape::kWechatOpenId:
      return {nullptr, [](char c) { return IsAlnum(c) || c == '_' || c == '-'; }, 6, 64,
              "must match ^[0-9A-Za-z_-]{6,64}$"};
    case CodeShape::kPhone:
      return {nullptr, nullptr, 0, 0, "must match ^[+]?[0-9][0-9 ()-]{2,30}$"};
  }
  return {nullptr, nullptr, 1, 0, "has an unknown shape"};
}

bool IsEmail(std::string_view text) {
  const std::size_t at = text.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  const std::string_view domain = text.substr(at + 1);
  if (domain.empty() || domain.size() > 255 || domain.find('@') != std::string_view::npos) {
    return false;
  }
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return false;
  }
  return true;
}

}  // namespace

bool CountUtf8Chars(std::string_view text, std::size_t* chars) {
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead < 0x80) {
      length = 1;
      code = lead;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code = lead & 0x07u;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0u) != 0x80u) return false;
      code = (code << 6) | (next & 0x3Fu);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    if (overlong || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
    ++count;
  }
  *chars = count;
  return true;
}

FieldCheck& FieldCheck::Require(bool condition, std::string_view field, std::string_view problem) {
  if (status_.ok() && !condition) status_ = FieldInvalid(command_, field, problem);
  return *this;
}

FieldCheck& FieldCheck::Text(std::string_view field, std::string_view value,
                             std::size_t max_chars) {
  std::size_t chars = 0;
  if (!CountUtf8Chars(value, &chars)) return Require(false, field, "is not valid UTF-8");
  return Require(chars >= 1 && chars <= max_chars, field,
                 "must have 1 to " + std::to_string(max_chars) + " characters");
}

FieldCheck& FieldCheck::Text(std::string_view field, const std::optional<std::string>& value,
                             std::size_t max_chars) {
  return value ? Text(field, *value, max_chars) : *this;
}

FieldCheck& FieldCheck::Code(std::string_view field, std::string_view value, CodeShape shape) {
  const Shape rule = ShapeOf(shape);
  const bool ok = shape == CodeShape::kPhone ? MatchesPhone(value) : Matches(rule, value);
  return Require(ok, field, rule.rule);
}

FieldCheck& FieldCheck::Code(std::string_view field, const std::optional<std::string>& value,
                             CodeShape shape) {
  return value ? Code(field, *value, shape) : *this;
}

FieldCheck& FieldCheck::Email(std::string_view field, const std::optional<std::string>& value) {
  return value ? Require(IsEmail(*value), field, "must be an e-mail address") : *this;
}

FieldCheck& FieldCheck::Writable(std::string_view field, Time time) {
  using namespace std::chrono;
  constexpr sys_days kFirst{year{1} / January / 2};
  constexpr sys_days kLast{year{9999} / December / 30};
  return Require(time >= kFirst && time < kLast, field,
                 "must be a date-time between the years 0001 and 9999");
}

FieldCheck& FieldCheck::Within(std::string_view field, const std::optional<double>& value,
                               double min, double max) {
  if (!value) return *this;
  char rule[64];
  std::snprintf(rule, sizeof rule, "must be a number from %g to %g", min, max);
  return Require(std::isfinite(*value) && *value >= min && *value <= max, field, rule);
}

}  // namespace rexian::ticket
