// FieldCheck: validates command fields against the limits of the v1 event
// schemas, so Decide never produces a payload the schema registry refuses.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "rexian/status.h"
#include "rexian/ticket.h"

namespace rexian::ticket {

// The code and id shapes of docs/schemas.md ("Common value shapes").
enum class CodeShape {
  kTicketNumber,      // ^[0-9A-Za-z][0-9A-Za-z-]{3,39}$
  kOrganisationCode,  // department, platform, district: ^[0-9A-Za-z_-]{2,32}$
  kTaxonomyCode,      // ^[0-9A-Za-z_.-]{1,32}$
  kConfigId,          // SLA policy, routing rule, article, session: ^[0-9A-Za-z_.:-]{1,64}$
  kChannel,           // ^[a-z][a-z0-9_-]{1,31}$
  kWechatOpenId,      // ^[0-9A-Za-z_-]{6,64}$
  kPhone,             // ^[+]?[0-9][0-9 ()-]{2,30}$
};

// Chained checks that keep the first failure as InvalidArgument
// "cannot '<command>': <field> <problem>". Messages describe the rule and
// never quote the value (it may be personal data). Optional overloads pass
// when the value is absent.
class FieldCheck {
 public:
  // `command` must outlive the check.
  explicit FieldCheck(std::string_view command) : command_(command) {}

  // Valid UTF-8 of 1..max_chars Unicode characters.
  FieldCheck& Text(std::string_view field, std::string_view value, std::size_t max_chars);
  FieldCheck& Text(std::string_view field, const std::string& value, std::size_t max_chars) {
    return Text(field, std::string_view(value), max_chars);
  }
  FieldCheck& Text(std::string_view field, const std::optional<std::string>& value,
                   std::size_t max_chars);

  FieldCheck& Code(std::string_view field, std::string_view value, CodeShape shape);
  FieldCheck& Code(std::string_view field, const std::string& value, CodeShape shape) {
    return Code(field, std::string_view(value), shape);
  }
  FieldCheck& Code(std::string_view field, const std::optional<std::string>& value,
                   CodeShape shape);

  // An e-mail address as the schemas' "email" format accepts it.
  FieldCheck& Email(std::string_view field, const std::optional<std::string>& value);

  // A finite number in [min, max].
  FieldCheck& Within(std::string_view field, const std::optional<double>& value, double min,
                     double max);

  // An instant an RFC 3339 date-time can spell in any offset: within the
  // years 0001 to 9999 with a day to spare at each end.
  FieldCheck& Writable(std::string_view field, Time time);

  // Fails with "<field> <problem>" unless `condition` holds.
  FieldCheck& Require(bool condition, std::string_view field, std::string_view problem);

  // OK, or the first failure.
  const Status& status() const { return status_; }

 private:
  std::string_view command_;
  Status status_;
};

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates);
// stores the number of code points in *chars.
bool CountUtf8Chars(std::string_view text, std::size_t* chars);

}  // namespace rexian::ticket
