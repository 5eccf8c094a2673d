// TempDir: a fresh directory under the system temp dir, removed with everything in it at scope
// exit.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>

namespace rexian::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "rexian-privacy-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) ? pattern : std::string();
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // The directory, or "/sub" below it.
  std::string path() const { return path_; }
  std::string path(const std::string& sub) const { return path_ + "/" + sub; }

 private:
  std::string path_;
};

}  // namespace rexian::testing
