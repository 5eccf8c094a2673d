// rexian's "format" checks as a valijson custom constraint.
#include "format_constraint.h"

#include <new>
#include <string>
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/internal/adapter.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>

#include "string_formats.h"

namespace rexian::schema {
namespace {

class FormatConstraint : public valijson::constraints::PolyConstraint {
 public:
  explicit FormatConstraint(StringFormat format) : format_(format) {}

  // Non-strings pass: "type" reports them.
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    if (!target.isString()) return true;
    if (MatchesStringFormat(format_, target.getString())) return true;
    if (results != nullptr) {
      results->pushError(context,
                         std::string("String should be a valid ") + StringFormatName(format_));
    }
    return false;
  }

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override {
    return new (memory) FormatConstraint(*this);
  }
  size_t sizeOf() const override { return sizeof(FormatConstraint); }

  StringFormat format_;
};

class FormatConstraintBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
    std::string name;
    std::optional<StringFormat> format;
    if (value.getString(name)) format = ParseStringFormat(name);
    if (!format) valijson::throwRuntimeError("unsupported format '" + name + "'");
    return new FormatConstraint(*format);
  }
};

}  // namespace

void AddFormatConstraint(valijson::SchemaParser& parser) {
  // The parser owns and deletes its builders.
  parser.addConstraintBuilder(std::string(kFormatKeyword), new FormatConstraintBuilder());
}

}  // namespace rexian::schema
