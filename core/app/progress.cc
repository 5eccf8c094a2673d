// Terminal progress bar.
#include "app/progress.h"

#include <unistd.h>

#include <cstdio>

namespace rexian::cli {

Progress::Progress(std::string label)
    : label_(std::move(label)),
      tty_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void Progress::Update(std::uint64_t done, std::uint64_t total) {
  if (!tty_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  if (total > 0) {
    const int width = 30;
    int filled = static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * width);
    if (filled > width) filled = width;
    std::fprintf(stderr, "\r%s [%.*s%*s] %llu/%llu", label_.c_str(), filled,
                 "##############################", width - filled, "",
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
  } else {
    std::fprintf(stderr, "\r%s %llu", label_.c_str(), static_cast<unsigned long long>(done));
  }
  std::fflush(stderr);
}

void Progress::Finish(std::uint64_t done) {
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::fprintf(stderr, "%s%s: %llu in %.2f s (%.0f/s)\n", tty_ ? "\r\033[K" : "", label_.c_str(),
               static_cast<unsigned long long>(done), seconds, rate);
}

}  // namespace rexian::cli
