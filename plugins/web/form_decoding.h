// Decoding of application/x-www-form-urlencoded bodies and URL query strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/expected.h"

namespace rexian::web {

struct FormField {
  std::string name;
  std::string value;
};

// Decodes `text` as the WHATWG URL standard's application/x-www-form-urlencoded
// parser does, but strictly: pairs separated by '&' (empty pairs skipped),
// name and value split at the first '=', '+' is a space, %XX a byte. A '%'
// not followed by two hex digits, or a name or value that is not UTF-8 after
// decoding, fails with a message naming the field.
Expected<std::vector<FormField>> DecodeForm(std::string_view text);

// The decoded fields of one request, with lookups. Following Open311's rule
// for optional arguments, a field sent empty counts as not sent.
class FormFields {
 public:
  FormFields() = default;
  explicit FormFields(std::vector<FormField> fields) : fields_(std::move(fields)) {}

  // The first non-empty value of `name`, or nullopt.
  std::optional<std::string> Get(std::string_view name) const;
  // Every non-empty value of `name`, in order.
  std::vector<std::string> All(std::string_view name) const;
  const std::vector<FormField>& fields() const { return fields_; }

 private:
  std::vector<FormField> fields_;
};

// True when a Content-Type header value names application/x-www-form-urlencoded
// (parameters such as charset=utf-8 allowed; other charsets refused).
bool IsFormContentType(std::string_view content_type);

}  // namespace rexian::web
