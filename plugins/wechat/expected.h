// Expected<T>: a value or the reason there is none. The web plugin's type,
// shared header-only (plugins/web/expected.h), under this plugin's namespace.
#pragma once

#include "web/expected.h"

namespace rexian::wechat {

using web::Done;
using web::Expected;
using web::Failure;

}  // namespace rexian::wechat
