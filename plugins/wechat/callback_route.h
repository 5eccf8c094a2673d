// The callback endpoint of one official account: GET URL verification and
// POST messages, in all three security modes.
#pragma once

#include "wechat/expected.h"
#include "wechat/wechat_plugin.h"

namespace rexian::wechat {

// Registers GET and POST on `account`'s path. Only during create().
// REQUIRES: plugin and account outlive the routes (the instance).
Expected<Done> RegisterCallbackRoutes(WechatPlugin* plugin, const Account* account);

}  // namespace rexian::wechat
