// Expected<T>, Failure and Done for the WeChat plugin: the shared plugin
// kit's (plugins/kit/expected.h), under this plugin's namespace.
#pragma once

#include "kit/expected.h"

namespace rexian::wechat {

using plugin_kit::Done;
using plugin_kit::Expected;
using plugin_kit::Failure;

}  // namespace rexian::wechat
