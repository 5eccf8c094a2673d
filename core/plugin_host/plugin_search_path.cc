// Resolving a shared plugin's file name against the plugin directories.
#include "plugin_host/plugin_search_path.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace rexian {

namespace fs = std::filesystem;

std::vector<std::string> PluginSearchDirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("REXIAN_PLUGIN_PATH"); env != nullptr) {
    std::string list = env;
    std::size_t start = 0;
    while (start <= list.size()) {
      const std::size_t colon = std::min(list.find(':', start), list.size());
      if (colon > start) dirs.push_back(list.substr(start, colon - start));
      start = colon + 1;
    }
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path dir = exe.parent_path();
    dirs.push_back((dir / "plugins").string());
    dirs.push_back((dir.parent_path() / "lib" / "rexian" / "plugins").string());
  }
  return dirs;
}

Result<std::string> ResolvePluginPath(const std::string& configured) {
  if (configured.empty()) return Status::InvalidArgument("empty plugin path");
  if (configured.find('/') != std::string::npos) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(configured, ec);
    if (ec) return Status::IoError("cannot resolve '" + configured + "': " + ec.message());
    if (!fs::is_regular_file(absolute, ec)) {
      return Status::NotFound("no such file '" + absolute.string() + "'");
    }
    return absolute.string();
  }
  std::string looked;
  for (const std::string& dir : PluginSearchDirs()) {
    const fs::path candidate = fs::path(dir) / configured;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate.lexically_normal().string();
    if (!looked.empty()) looked += ", ";
    looked += dir;
  }
  return Status::NotFound("'" + configured + "' is in none of the plugin directories (" + looked +
                          "; set REXIAN_PLUGIN_PATH to add one)");
}

}  // namespace rexian
