// CliArgs: the flags and positional arguments of one rexian subcommand.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rexian/status.h"

namespace rexian::cli {

// Parses "--name value", "--name=value" and bare "--flag" arguments; the
// rest are positional. Which names take a value and which are plain flags is
// declared up front, so a typo is an error rather than a silent default.
class CliArgs {
 public:
  // REQUIRES: every name in `valued` and `flags` is given without "--".
  static Result<CliArgs> Parse(const std::vector<std::string>& args,
                               const std::set<std::string>& valued,
                               const std::set<std::string>& flags);

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  // InvalidArgument naming the flag when the value is not an unsigned integer.
  Result<std::uint64_t> GetUint(const std::string& name, std::uint64_t fallback) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

}  // namespace rexian::cli
