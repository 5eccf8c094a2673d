// Paths of this build and a scratch directory per invocation.
#include "common/workspace.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace rexian::bench {

std::string SourceDirectory() { return REXIAN_SOURCE_DIR; }

Result<std::string> RexianBinary(const std::string& flag_value) {
  const std::string binary =
      flag_value.empty() ? std::string(REXIAN_BINARY_DIR) + "/rexian" : flag_value;
  if (::access(binary.c_str(), X_OK) != 0) {
    return Status::InvalidArgument("no executable rexian at " + binary + " (use --rexian)");
  }
  return binary;
}

std::string CommandLine(int argc, char** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) out += ' ';
    out += argv[i];
  }
  return out;
}

Result<std::string> MakeScratchDirectory(const std::string& prefix) {
  std::string pattern = "/tmp/" + prefix + "-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    return Status::IoError("mkdtemp " + pattern + ": " + std::strerror(errno));
  }
  return std::string(buffer.data());
}

}  // namespace rexian::bench
