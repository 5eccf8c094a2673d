// Turning valijson's validation results into one precise, stable message.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <valijson/validation_results.hpp>
#include <vector>

#include "rexian/schema_registry.h"

namespace rexian::schema {

// What was validated, for naming the rules broken.
struct ValidationSubject {
  std::string_view name;                            // "ticket.opened v1", "metadata", ...
  const boost::json::value& schema;                 // the schema as written (with its formats)
  const std::vector<std::string>& personal_fields;  // see CollectPersonalFields
  const boost::json::value& instance;               // the value that failed
};

// "<name>: <pointer>: <rule broken>", one clause per error valijson found
// (joined by "; ", at most five, then "; and N more"). The pointer names the
// offending location, e.g. "/location/lat" ("(root)" for the whole value;
// for a missing or unexpected property, the property itself). The rule
// names the keyword and its bound, e.g. "value 7 is greater than maximum 5",
// "required property is missing". Values of personal fields are never
// quoted: they appear as "(personal data withheld)". Clauses follow
// valijson's order, which is fixed for a given schema and instance.
// REQUIRES: results holds at least one error.
std::string DescribeValidationErrors(const ValidationSubject& subject,
                                     const valijson::ValidationResults& results);

// The same failures as a list (every one, not only the first five), each
// with its JSON pointer ("" for the root) and rule, in the same order.
// REQUIRES: results holds at least one error.
std::vector<SchemaViolation> ListValidationErrors(const ValidationSubject& subject,
                                                  const valijson::ValidationResults& results);

}  // namespace rexian::schema
