// Parsing argv against a table of flags, and the help text of the table.
#include "common/flags.h"

#include <charconv>
#include <cstdlib>

namespace rexian::bench {
namespace {

Status BadValue(std::string_view flag, std::string_view expected, std::string_view got) {
  return Status::InvalidArgument(std::string(flag) + ": expected " + std::string(expected) +
                                 ", got '" + std::string(got) + "'");
}

Status ParseCount(std::string_view flag, std::string_view text, std::uint64_t min,
                  std::uint64_t max, std::uint64_t* out) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
    return BadValue(flag, "an integer from " + std::to_string(min) + " to " + std::to_string(max),
                    text);
  }
  *out = v;
  return Status::OK();
}

}  // namespace

Flag CountFlag(std::string name, std::string value_name, std::string help, std::uint64_t min,
               std::uint64_t max, std::uint64_t* out) {
  std::string flag = name;
  return Flag{std::move(name), std::move(value_name), std::move(help),
              [flag, min, max, out](std::string_view value) {
                return ParseCount(flag, value, min, max, out);
              }};
}

Flag CountFlag(std::string name, std::string value_name, std::string help, unsigned min,
               unsigned max, unsigned* out) {
  std::string flag = name;
  return Flag{std::move(name), std::move(value_name), std::move(help),
              [flag, min, max, out](std::string_view value) {
                std::uint64_t n = 0;
                Status s = ParseCount(flag, value, min, max, &n);
                if (s.ok()) *out = static_cast<unsigned>(n);
                return s;
              }};
}

Flag SecondsFlag(std::string name, std::string help, double min, double max, double* out) {
  std::string flag = name;
  return Flag{std::move(name), "S", std::move(help), [flag, min, max, out](std::string_view value) {
                const std::string text(value);
                char* end = nullptr;
                const double v = std::strtod(text.c_str(), &end);
                if (text.empty() || end != text.c_str() + text.size() || !(v >= min && v <= max)) {
                  return BadValue(flag, "seconds from " + std::to_string(min) + " to " +
                                            std::to_string(max), value);
                }
                *out = v;
                return Status::OK();
              }};
}

Flag ChoiceFlag(std::string name, std::string help, std::vector<std::string> choices,
                std::string* out) {
  std::string joined;
  for (const std::string& c : choices) joined += (joined.empty() ? "" : "|") + c;
  std::string flag = name;
  return Flag{std::move(name), joined, std::move(help),
              [flag, joined, choices, out](std::string_view value) {
                for (const std::string& c : choices) {
                  if (value == c) {
                    *out = c;
                    return Status::OK();
                  }
                }
                return BadValue(flag, joined, value);
              }};
}

Flag TextFlag(std::string name, std::string value_name, std::string help, std::string* out) {
  return Flag{std::move(name), std::move(value_name), std::move(help), [out](std::string_view value) {
                *out = std::string(value);
                return Status::OK();
              }};
}

Flag SwitchFlag(std::string name, std::string help, bool* out) {
  return Flag{std::move(name), "", std::move(help), [out](std::string_view) {
                *out = true;
                return Status::OK();
              }};
}

Status ParseFlags(int argc, char** argv, const std::vector<Flag>& flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return Status::NotFound("help");
    const Flag* flag = nullptr;
    for (const Flag& f : flags) {
      if (f.name == arg) flag = &f;
    }
    if (flag == nullptr) return Status::InvalidArgument("unknown flag '" + std::string(arg) + "'");
    std::string_view value;
    if (!flag->value_name.empty()) {
      if (i + 1 >= argc) return Status::InvalidArgument(flag->name + ": missing value");
      value = argv[++i];
    }
    if (Status s = flag->apply(value); !s.ok()) return s;
  }
  return Status::OK();
}

std::string FlagUsage(std::string_view program, std::string_view about,
                      const std::vector<Flag>& flags) {
  constexpr std::size_t kHelpColumn = 28;
  std::string out = "usage: " + std::string(program) + " [flags]\n" + std::string(about);
  if (!out.empty() && out.back() != '\n') out += '\n';
  for (const Flag& f : flags) {
    std::string head = "  " + f.name + (f.value_name.empty() ? "" : " " + f.value_name);
    head += head.size() + 2 <= kHelpColumn ? std::string(kHelpColumn - head.size(), ' ')
                                           : "\n" + std::string(kHelpColumn, ' ');
    out += head;
    for (char c : f.help) {
      out += c;
      if (c == '\n') out += std::string(kHelpColumn, ' ');
    }
    out += '\n';
  }
  return out;
}

}  // namespace rexian::bench
