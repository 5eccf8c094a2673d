// rexian's "format" and "pattern" checks as valijson custom constraints.
#include "format_constraint.h"

#include <new>
#include <string>
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/internal/adapter.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>

#include "string_formats.h"
#include "string_pattern.h"

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

class PatternConstraint : public valijson::constraints::PolyConstraint {
 public:
  explicit PatternConstraint(StringPattern pattern) : pattern_(std::move(pattern)) {}

  // Non-strings pass: "type" reports them.
  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    if (!target.isString()) return true;
    if (pattern_.Matches(target.getString())) return true;
    if (results != nullptr) {
      results->pushError(context, "Failed to match regex specified by 'pattern' constraint.");
    }
    return false;
  }

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override {
    return new (memory) PatternConstraint(*this);
  }
  size_t sizeOf() const override { return sizeof(PatternConstraint); }

  StringPattern pattern_;
};

class PatternConstraintBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
    std::string source;
    if (!value.getString(source)) valijson::throwRuntimeError("pattern must be a string");
    Result<StringPattern> pattern = StringPattern::Compile(source);
    if (!pattern.ok()) valijson::throwRuntimeError(pattern.status().message());
    return new PatternConstraint(std::move(pattern).value());
  }
};

}  // namespace

void AddStringConstraints(valijson::SchemaParser& parser) {
  // The parser owns and deletes its builders.
  parser.addConstraintBuilder(std::string(kFormatKeyword), new FormatConstraintBuilder());
  parser.addConstraintBuilder(std::string(kPatternKeyword), new PatternConstraintBuilder());
}

}  // namespace rexian::schema
