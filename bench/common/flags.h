// Flag: a benchmark's command-line flags, declared once in a table that both parsing and --help come from.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "rexian/status.h"

namespace rexian::bench {

// One flag. A flag with an empty `value_name` is a switch (`--keep`); the
// others take the next argument as their value (`--runs 3`).
struct Flag {
  std::string name;        // "--connections"
  std::string value_name;  // "C" in the help; empty for a switch
  std::string help;        // lines separated by '\n', default included
  // Stores the value ("" for a switch). InvalidArgument names the flag.
  std::function<Status(std::string_view value)> apply;
};

// An integer from `min` to `max` into `*out`. `out` must outlive the flag.
Flag CountFlag(std::string name, std::string value_name, std::string help, std::uint64_t min,
               std::uint64_t max, std::uint64_t* out);
Flag CountFlag(std::string name, std::string value_name, std::string help, unsigned min,
               unsigned max, unsigned* out);

// A decimal number of seconds from `min` to `max` into `*out`.
Flag SecondsFlag(std::string name, std::string help, double min, double max, double* out);

// One of `choices` into `*out`; the help shows them as "a|b".
Flag ChoiceFlag(std::string name, std::string help, std::vector<std::string> choices,
                std::string* out);

// Any text into `*out`.
Flag TextFlag(std::string name, std::string value_name, std::string help, std::string* out);

// A switch: sets `*out` to true.
Flag SwitchFlag(std::string name, std::string help, bool* out);

// Applies argv[1..argc) to `flags`, in order. InvalidArgument names an
// unknown flag, a missing value or a bad one; NotFound means --help (or -h)
// was asked for (the caller prints FlagUsage and exits 0).
Status ParseFlags(int argc, char** argv, const std::vector<Flag>& flags);

// "usage: <program> [flags]", the `about` text, then one entry per flag.
std::string FlagUsage(std::string_view program, std::string_view about,
                      const std::vector<Flag>& flags);

}  // namespace rexian::bench
