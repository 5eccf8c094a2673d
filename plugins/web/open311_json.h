// JSON rendering of Open311 documents (the spec's Spark-convention JSON).
#pragma once

#include <string>

#include "web/open311_document.h"

namespace rexian::web {

// The root's JSON: a list root becomes an array, an object root an object.
std::string RenderJson(const Open311Node& root);

}  // namespace rexian::web
