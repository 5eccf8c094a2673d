// rexian's "format" and "pattern" checks as valijson custom constraints.
#include "format_constraint.h"

#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/internal/adapter.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>

#include "string_formats.h"
#include "string_pattern.h"

namespace rexian::schema {
namespace {

// A valijson constraint on strings: non-strings pass ("type" reports them);
// a string `check` refuses fails with `check.Message()`. Check is FormatCheck
// or PatternCheck below.
template <typename Check>
class StringConstraint : public valijson::constraints::PolyConstraint {
 public:
  explicit StringConstraint(Check check) : check_(std::move(check)) {}

  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    if (!target.isString()) return true;
    if (check_.Matches(target.getString())) return true;
    if (results != nullptr) results->pushError(context, check_.Message());
    return false;
  }

 private:
  valijson::constraints::Constraint* cloneInto(void* memory) const override {
    return new (memory) StringConstraint(*this);
  }
  size_t sizeOf() const override { return sizeof(StringConstraint); }

  Check check_;
};

struct FormatCheck {
  StringFormat format;
  bool Matches(const std::string& text) const { return MatchesStringFormat(format, text); }
  std::string Message() const {
    return std::string("String should be a valid ") + StringFormatName(format);
  }
};

struct PatternCheck {
  StringPattern pattern;
  bool Matches(const std::string& text) const { return pattern.Matches(text); }
  // valijson's own wording, which validation_message.cc recognises.
  std::string Message() const { return "Failed to match regex specified by 'pattern' constraint."; }
};

class FormatConstraintBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
    std::string name;
    std::optional<StringFormat> format;
    if (value.getString(name)) format = ParseStringFormat(name);
    if (!format) valijson::throwRuntimeError("unsupported format '" + name + "'");
    return new StringConstraint<FormatCheck>(FormatCheck{*format});
  }
};

class PatternConstraintBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
    std::string source;
    if (!value.getString(source)) valijson::throwRuntimeError("pattern must be a string");
    Result<StringPattern> pattern = StringPattern::Compile(source);
    if (!pattern.ok()) valijson::throwRuntimeError(pattern.status().message());
    return new StringConstraint<PatternCheck>(PatternCheck{std::move(pattern).value()});
  }
};

}  // namespace

void AddStringConstraints(valijson::SchemaParser& parser) {
  // The parser owns and deletes its builders.
  parser.addConstraintBuilder(std::string(kFormatKeyword), new FormatConstraintBuilder());
  parser.addConstraintBuilder(std::string(kPatternKeyword), new PatternConstraintBuilder());
}

}  // namespace rexian::schema
