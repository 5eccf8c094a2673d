// One JSON Schema, parsed once at load and shared read-only by all threads.
//
// Thread safety: valijson's Schema is only read during validation (its
// constraints, our FormatConstraint included, are immutable once parsed; enum
// values are private copies), so one instance is shared by all threads. "pattern" is
// our own constraint (string_pattern.h), compiled once at load; valijson's
// Validator (whose regex cache is its one mutable piece) is kept per thread.
#include "compiled_schema.h"

#include <exception>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "fast_check.h"
#include "format_constraint.h"
#include "personal_fields.h"
#include "schema_preparation.h"
#include "validation_message.h"

namespace rexian::schema {
namespace {

constexpr std::string_view kDraft07 = "http://json-schema.org/draft-07/schema#";

// Strict types: "1" is not an integer, 1.0 is not a string.
valijson::Validator& ThreadValidator() {
  thread_local valijson::Validator validator(valijson::Validator::kStrongTypes);
  return validator;
}

}  // namespace

Result<std::unique_ptr<CompiledSchema>> CompiledSchema::Compile(std::string name,
                                                                boost::json::value document) {
  if (!document.is_object()) return Status::InvalidArgument("schema must be a JSON object");
  const boost::json::value* dialect = document.get_object().if_contains("$schema");
  if (dialect == nullptr || !dialect->is_string() || dialect->get_string() != kDraft07) {
    return Status::InvalidArgument("\"$schema\" must be \"" + std::string(kDraft07) + "\"");
  }

  Result<std::vector<std::string>> personal = CollectPersonalFields(document);
  if (!personal.ok()) return personal.status();

  // valijson gets an adapted copy; the document as written serves messages.
  boost::json::value for_valijson = document;
  if (Status s = PrepareForValijson(for_valijson); !s.ok()) return s;

  auto schema = std::make_unique<valijson::Schema>();
  try {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    AddStringConstraints(parser);
    valijson::adapters::BoostJsonAdapter adapter(for_valijson);
    parser.populateSchema(adapter, *schema);
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("invalid schema: ") + e.what());
  }
  // Unsupported when the schema uses a keyword FastCheck lacks: valijson alone then.
  Result<std::unique_ptr<FastCheck>> fast = FastCheck::Compile(for_valijson);
  return std::unique_ptr<CompiledSchema>(new CompiledSchema(
      std::move(name), std::move(document), std::move(personal).value(), std::move(schema),
      fast.ok() ? std::move(fast).value() : nullptr));
}

CompiledSchema::CompiledSchema(std::string name, boost::json::value document,
                               std::vector<std::string> personal_fields,
                               std::unique_ptr<valijson::Schema> schema,
                               std::unique_ptr<FastCheck> fast)
    : name_(std::move(name)),
      document_(std::move(document)),
      personal_fields_(std::move(personal_fields)),
      schema_(std::move(schema)),
      fast_(std::move(fast)) {}

CompiledSchema::~CompiledSchema() = default;

Status CompiledSchema::Validate(const boost::json::value& instance,
                                std::vector<SchemaViolation>* violations) const {
  if (violations != nullptr) violations->clear();
  valijson::Validator& validator = ThreadValidator();
  const valijson::adapters::BoostJsonAdapter adapter(instance);
  try {
    // FastCheck's "yes" is valijson's, without its allocations (fast_check.h);
    // its "no" goes to valijson, whose verdict is final.
    if (fast_ != nullptr && fast_->Accepts(instance)) return Status::OK();
    // Fast path: no result collection, stops at the first failure.
    if (validator.validate(*schema_, adapter, nullptr)) return Status::OK();
    // Slow path, only for invalid input: collect every failure for the message.
    valijson::ValidationResults results;
    validator.validate(*schema_, adapter, &results);
    if (results.numErrors() == 0) return Status::InvalidArgument(name_ + ": invalid");
    const ValidationSubject subject{name_, document_, personal_fields_, instance};
    if (violations != nullptr) *violations = ListValidationErrors(subject, results);
    return Status::InvalidArgument(DescribeValidationErrors(subject, results));
  } catch (const std::exception& e) {
    // valijson throws only on internal inconsistencies; never let it escape.
    return Status::InvalidArgument(name_ + ": cannot validate: " + e.what());
  }
}

}  // namespace rexian::schema
