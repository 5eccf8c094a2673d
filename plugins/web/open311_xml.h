// XML rendering of Open311 documents (schemaless, no namespace, UTF-8 with
// the XML declaration, as the spec requires).
#pragma once

#include <string>

#include "web/open311_document.h"

namespace rexian::web {

// `<?xml version="1.0" encoding="utf-8"?>` and the root element.
std::string RenderXml(const Open311Node& root);

}  // namespace rexian::web
