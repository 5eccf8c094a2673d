// SubmitContact and SubmitAnswer for the web plugin: the shared plugin
// kit's (plugins/kit/submit_contact.h), under this plugin's namespace.
#pragma once

#include "kit/submit_contact.h"

namespace rexian::web {

using plugin_kit::SubmitAnswer;
using plugin_kit::SubmitContact;
using plugin_kit::SubmitDone;

}  // namespace rexian::web
