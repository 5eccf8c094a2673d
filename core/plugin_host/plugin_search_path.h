// Where the host looks for a shared plugin named by a bare file name.
#pragma once

#include <string>
#include <vector>

#include "rexian/status.h"

namespace rexian {

// The directories searched for a bare file name, in order:
//   1. each entry of $REXIAN_PLUGIN_PATH (colon-separated; empty entries skipped),
//   2. <directory of the rexian executable>/plugins (a build tree: build/plugins),
//   3. <directory of the rexian executable>/../lib/rexian/plugins (an installation).
// The executable is found through /proc/self/exe.
std::vector<std::string> PluginSearchDirs();

// The file to dlopen for `configured` (PluginConfig::path): an absolute path
// as is; a path with a '/' relative to the working directory (made absolute);
// a bare file name ("rexian_plugin_web.so") in the first directory of
// PluginSearchDirs() holding a regular file of that name. NotFound names
// every place looked at.
Result<std::string> ResolvePluginPath(const std::string& configured);

}  // namespace rexian
