// Expected<T>, Failure and Done for the web plugin: the shared plugin kit's
// (plugins/kit/expected.h), under this plugin's namespace.
#pragma once

#include "kit/expected.h"

namespace rexian::web {

using plugin_kit::Done;
using plugin_kit::Expected;
using plugin_kit::Failure;

}  // namespace rexian::web
