// One JSON Schema, parsed once at load and shared read-only by all threads.
#pragma once

#include <boost/json/value.hpp>
#include <memory>
#include <string>
#include <vector>

#include "rexian/schema_registry.h"
#include "rexian/status.h"

namespace valijson {
class Schema;
}  // namespace valijson

namespace rexian::schema {

class FastCheck;

// A schema document ready for validation: valijson's parsed form plus what
// messages and sealing need (the document as written, its personal fields).
// Immutable after Compile; Validate may be called from any number of threads.
class CompiledSchema {
 public:
  // `name` prefixes every message ("ticket.opened v1", "metadata").
  // InvalidArgument when `document` is not a draft-07 schema rexian can use:
  // not an object, "$schema" missing or another draft, an unsupported
  // "format", a non-boolean "x-pii", an unresolvable "$ref", or anything
  // valijson rejects.
  static Result<std::unique_ptr<CompiledSchema>> Compile(std::string name,
                                                         boost::json::value document);

  CompiledSchema(const CompiledSchema&) = delete;
  CompiledSchema& operator=(const CompiledSchema&) = delete;
  ~CompiledSchema();

  // OK, or InvalidArgument naming the JSON pointer and the rule broken (see
  // DescribeValidationErrors). Thread-safe.
  // With `violations`, every failure is also listed there (cleared first).
  Status Validate(const boost::json::value& instance,
                  std::vector<SchemaViolation>* violations = nullptr) const;

  // JSON pointers of the "x-pii" fields (see CollectPersonalFields).
  const std::vector<std::string>& personal_fields() const { return personal_fields_; }

  const std::string& name() const { return name_; }

 private:
  CompiledSchema(std::string name, boost::json::value document,
                 std::vector<std::string> personal_fields,
                 std::unique_ptr<valijson::Schema> schema, std::unique_ptr<FastCheck> fast);

  const std::string name_;
  const boost::json::value document_;  // as written, for messages
  const std::vector<std::string> personal_fields_;
  const std::unique_ptr<const valijson::Schema> schema_;
  const std::unique_ptr<const FastCheck> fast_;  // nullptr: the schema needs valijson alone
};

}  // namespace rexian::schema
