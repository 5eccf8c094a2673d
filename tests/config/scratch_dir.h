// ScratchDir: a fresh temporary directory for one test, removed afterwards.
#pragma once

#include <string>

namespace rexian::testing {

class ScratchDir {
 public:
  // Creates a new empty directory under the system temp directory.
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `text` to `relative` (creating parent directories); returns its full path.
  std::string Write(const std::string& relative, const std::string& text) const;

 private:
  std::string path_;
};

}  // namespace rexian::testing
