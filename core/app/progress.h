// Progress: a one-line progress bar on stderr for long operations.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace rexian::cli {

// Redraws at most ten times a second, only when stderr is a terminal (logs
// and CI output stay clean); Finish prints a final summary line either way.
class Progress {
 public:
  explicit Progress(std::string label);
  // Reports `done` of `total` units (total 0 = unknown).
  void Update(std::uint64_t done, std::uint64_t total);
  // Prints "<label>: <done> in <seconds> s (<rate>/s)".
  void Finish(std::uint64_t done);

 private:
  std::string label_;
  bool tty_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace rexian::cli
