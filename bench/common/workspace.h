// Where a benchmark finds the server binary and the repository, and where it keeps its data.
#pragma once

#include <string>

#include "rexian/status.h"

namespace rexian::bench {

// The repository root this benchmark was built from (config/, schemas/).
std::string SourceDirectory();

// `flag_value`, or <build dir>/rexian when it is empty. InvalidArgument when
// the file is not executable.
Result<std::string> RexianBinary(const std::string& flag_value);

// argv joined by spaces, for the report.
std::string CommandLine(int argc, char** argv);

// A fresh directory /tmp/<prefix>-XXXXXX.
Result<std::string> MakeScratchDirectory(const std::string& prefix);

}  // namespace rexian::bench
