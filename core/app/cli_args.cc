// Command-line argument parsing for the rexian subcommands.
#include "app/cli_args.h"

#include <charconv>

namespace rexian::cli {

Result<CliArgs> CliArgs::Parse(const std::vector<std::string>& args,
                               const std::set<std::string>& valued,
                               const std::set<std::string>& flags) {
  CliArgs out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      out.positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (flags.count(name) > 0) {
      if (value) return Status::InvalidArgument("--" + name + " takes no value");
      out.values_[name] = "true";
    } else if (valued.count(name) > 0) {
      if (!value) {
        if (i + 1 >= args.size()) return Status::InvalidArgument("--" + name + " needs a value");
        value = args[++i];
      }
      out.values_[name] = *value;
    } else {
      return Status::InvalidArgument("unknown option --" + name);
    }
  }
  return out;
}

std::string CliArgs::Get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

Result<std::uint64_t> CliArgs::GetUint(const std::string& name, std::uint64_t fallback) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  std::uint64_t v = 0;
  const std::string& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) {
    return Status::InvalidArgument("--" + name + ": expected a non-negative integer, got '" + s +
                                   "'");
  }
  return v;
}

}  // namespace rexian::cli
